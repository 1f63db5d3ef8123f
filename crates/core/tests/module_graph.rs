//! The core's module import graph has no cycle, and the simulated API sits
//! below the rule engine. Read from the code's own `crate::` paths (each
//! file up to its first `#[cfg(test)]`, so test fixtures do not count, and
//! no comments);
//! a file in `src/x/` belongs to module `x`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn read(dir: &Path, root: &Path, graph: &mut Graph) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read(&path, root, graph);
            continue;
        }
        let rel = path.strip_prefix(root).unwrap();
        if path.extension().is_none_or(|e| e != "rs") || rel.ends_with("tests.rs") {
            continue;
        }
        let from = module_of(rel);
        let text = fs::read_to_string(&path).unwrap();
        let before_tests = text.split("#[cfg(test)]").next().unwrap_or("");
        // Comments (doc links included) are not imports.
        let code: String = before_tests
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let edges = graph.entry(from.clone()).or_default();
        // Every `crate::name` (in `use` lines and inline paths alike).
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `use crate::{a, b}` lists several modules.
            let names: Vec<String> = if name.is_empty() && rest.starts_with('{') {
                let list = &rest[1..rest.find('}').unwrap_or(rest.len())];
                list.split(',')
                    .map(|p| p.trim().split("::").next().unwrap_or("").to_string())
                    .collect()
            } else {
                vec![name]
            };
            for to in names {
                if !to.is_empty() && to != from {
                    edges.insert(to);
                }
            }
        }
    }
}

fn graph() -> Graph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g = Graph::new();
    read(&root, &root, &mut g);
    g
}

/// A cycle through `node`, if any (depth-first, with the path so far).
fn cycle(
    g: &Graph,
    node: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| n == node) {
        let mut c = path[at..].to_vec();
        c.push(node.to_string());
        return Some(c);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for next in g.get(node).into_iter().flatten() {
        if let Some(c) = cycle(g, next, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}

fn reaches(g: &Graph, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) {
            stack.extend(g.get(&n).into_iter().flatten().cloned());
        }
    }
    false
}

#[test]
fn the_core_module_graph_has_no_cycle() {
    let g = graph();
    assert!(
        g.contains_key("doctor") && g["doctor"].contains("session"),
        "the reader sees the graph: {g:?}"
    );
    let mut done = BTreeSet::new();
    for node in g.keys() {
        if let Some(c) = cycle(&g, node, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", c.join(" -> "));
        }
    }
}

#[test]
fn the_simulated_api_knows_nothing_of_verdicts() {
    let g = graph();
    assert!(
        !reaches(&g, "sim", "verdict"),
        "sim reaches verdict: {:?}",
        g["sim"]
    );
    assert!(!reaches(&g, "compare", "timeline"));
}

/// The check itself finds a cycle when there is one.
#[test]
fn a_cycle_is_found() {
    let mut g = Graph::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("a".into());
    let c = cycle(&g, "a", &mut Vec::new(), &mut BTreeSet::new());
    assert_eq!(c, Some(vec!["a".to_string(), "b".into(), "a".into()]));
}
