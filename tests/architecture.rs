//! The layers point one way: no module imports one that imports it back, at
//! any depth of the tree (`webflow` ↔ `text`, `tui::app` ↔ `tui::app::filter`…).
//! Read from the sources, so a new circle fails here before it is reviewed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/tui/app/mod.rs` → `tui::app`; `src/lib.rs` → the crate root.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The modules a file names through `crate::…` or `super::…`, ignoring
/// comments and its test module.
fn references(module: &Module, text: &str) -> BTreeSet<Module> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let mut refs = BTreeSet::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (prefix, base) in [
            ("crate::", Vec::new()),
            // `super` of a/b.rs and of a/b/mod.rs is `a`.
            ("super::", module[..module.len().saturating_sub(1)].to_vec()),
        ] {
            let mut rest = line;
            while let Some(at) = rest.find(prefix) {
                let after = &rest[at + prefix.len()..];
                let path: Vec<String> = after
                    .split("::")
                    .map(|seg| {
                        seg.chars()
                            .take_while(|c| {
                                c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit()
                            })
                            .collect::<String>()
                    })
                    .take_while(|seg| !seg.is_empty())
                    .collect();
                let mut full = base.clone();
                full.extend(path);
                refs.insert(full);
                rest = after;
            }
        }
    }
    refs
}

/// Strongly connected components with more than one member.
fn circles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    fn reach(
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        from: &Module,
        seen: &mut BTreeSet<Module>,
    ) {
        for next in graph.get(from).into_iter().flatten() {
            if seen.insert(next.clone()) {
                reach(graph, next, seen);
            }
        }
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if done.contains(node) {
            continue;
        }
        let mut forward = BTreeSet::new();
        reach(graph, node, &mut forward);
        let component: Vec<Module> = forward
            .iter()
            .filter(|other| {
                let mut back = BTreeSet::new();
                reach(graph, other, &mut back);
                back.contains(node)
            })
            .cloned()
            .collect();
        if component.len() > 1 {
            done.extend(component.iter().cloned());
            found.push(component);
        }
    }
    found
}

#[test]
fn the_import_graph_has_no_circles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut edges: Vec<(Module, Module)> = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        for target in references(&module, &text) {
            edges.push((module.clone(), target));
        }
    }
    // At every depth, between siblings: `a::x` → `a::y` counts, a module
    // naming its own parent or child does not.
    for depth in 1..=4 {
        let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (from, to) in &edges {
            if from.len() < depth || to.len() < depth {
                continue;
            }
            let (a, b) = (from[..depth].to_vec(), to[..depth].to_vec());
            if a != b && a[..depth - 1] == b[..depth - 1] {
                graph.entry(a).or_default().insert(b);
            }
        }
        let found = circles(&graph);
        assert!(
            found.is_empty(),
            "modules that import each other (depth {depth}): {:?}",
            found
                .iter()
                .map(|c| c.iter().map(|m| m.join("::")).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_circle_is_found() {
    let m = |s: &str| -> Module { s.split("::").map(String::from).collect() };
    let graph = BTreeMap::from([
        (m("a"), BTreeSet::from([m("b")])),
        (m("b"), BTreeSet::from([m("c")])),
        (m("c"), BTreeSet::from([m("a")])),
        (m("d"), BTreeSet::from([m("a")])),
    ]);
    assert_eq!(circles(&graph), vec![vec![m("a"), m("b"), m("c")]]);
    // `super` from a module file names a sibling of the module.
    let refs = references(
        &m("tui::app"),
        "use super::keymap::Action;\n// crate::nothing\n",
    );
    assert_eq!(refs, BTreeSet::from([m("tui::keymap")]));
}
