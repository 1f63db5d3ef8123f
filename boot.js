// Shows a clear message instead of a blank page when the WebAssembly page
// cannot start (old browser, blocked script or wasm, failed download). A
// separate file, not inline, so the Content-Security-Policy needs no extra hash.
(function () {
  var started = false;
  function failed() {
    if (started) return;
    var loading = document.getElementById('boot-loading');
    var box = document.getElementById('boot-failed');
    if (loading) loading.hidden = true;
    if (box) box.hidden = false;
  }
  addEventListener('TrunkApplicationStarted', function () { started = true; });
  if (typeof WebAssembly !== 'object' || !('noModule' in document.createElement('script'))) {
    failed();
    return;
  }
  // The loader is a module: a blocked or missing file, or wasm that does not
  // compile, shows up as an error or a rejected promise before the page starts.
  addEventListener('error', failed, true);
  addEventListener('unhandledrejection', failed);
  addEventListener('securitypolicyviolation', failed);
  setTimeout(failed, 30000);
})();
