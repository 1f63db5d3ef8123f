//! Short lists kept in order as they are built. The page sorts only a handful
//! of items at a time, and every `sort` call site adds its own copy of the
//! standard sort routines (3 to 6 KB each) to the WASM, while an insertion at
//! `partition_point` adds a few hundred bytes.

/// Inserts `item` after every element whose key is not greater: the result is
/// what a stable `sort_by_key` of all items would give.
pub(crate) fn insert_by_key<T, K: Ord>(v: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    let at = v.partition_point(|x| key(x) <= k);
    v.insert(at, item);
}

/// Inserts `item` after every element not greater than it (a stable `sort`).
pub(crate) fn insert_sorted<T: Ord>(v: &mut Vec<T>, item: T) {
    let at = v.partition_point(|x| *x <= item);
    v.insert(at, item);
}

/// Adds `item` to a sorted list of distinct items, unless it is already there.
pub(crate) fn insert_unique<T: Ord>(v: &mut Vec<T>, item: T) {
    if let Err(at) = v.binary_search(&item) {
        v.insert(at, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn insert_by_key_is_a_stable_sort(items in prop::collection::vec((0u8..8, any::<u16>()), 0..40)) {
            let mut built = Vec::new();
            for it in &items {
                insert_by_key(&mut built, *it, |x| x.0);
            }
            let mut sorted = items.clone();
            sorted.sort_by_key(|x| x.0);
            prop_assert_eq!(built, sorted);
        }

        #[test]
        fn insert_sorted_is_a_sort(items in prop::collection::vec(0u16..64, 0..60)) {
            let mut built = Vec::new();
            for it in &items {
                insert_sorted(&mut built, *it);
            }
            let mut sorted = items.clone();
            sorted.sort();
            prop_assert_eq!(built, sorted);
        }

        #[test]
        fn insert_unique_is_sort_and_dedup(items in prop::collection::vec(0u16..64, 0..60)) {
            let mut built = Vec::new();
            for it in &items {
                insert_unique(&mut built, *it);
            }
            let mut sorted = items.clone();
            sorted.sort_unstable();
            sorted.dedup();
            prop_assert_eq!(built, sorted);
        }
    }
}
