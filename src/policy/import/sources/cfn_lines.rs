//! Lines of resources, inline policies and statements in a `CloudFormation` template: from the
//! JSON outline, or from the indentation of a YAML template.

use super::outline::{Node, outline};

/// One step from a resource into its properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a policy's parts are.
#[derive(Debug, Default)]
pub struct Found {
    /// The line of the last `Index` step's item (an inline policy), when found.
    pub item_line: Option<usize>,
    /// The statements' lines.
    pub statements: Vec<usize>,
}

/// Finds lines in one template.
pub enum Locator<'a> {
    Json(Option<Node>),
    Yaml(Vec<&'a str>),
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str, json: bool) -> Locator<'a> {
        if json {
            Locator::Json(outline(text))
        } else {
            Locator::Yaml(text.lines().collect())
        }
    }

    /// The logical ID's line and what lies at `path` under it (the path ends at the document).
    pub fn find(&self, id: &str, path: &[Step<'_>]) -> (usize, Found) {
        match self {
            Locator::Json(root) => {
                let Some(res) = root.as_ref().and_then(|r| r.get("Resources")?.get(id)) else {
                    return (1, Found::default());
                };
                let mut node = Some(res);
                let mut found = Found::default();
                for step in path {
                    node = node.and_then(|n| match step {
                        Step::Key(k) => n.get(k),
                        Step::Index(i) => {
                            let item = n.items.get(*i);
                            found.item_line = item.map(|x| x.line);
                            item
                        }
                    });
                }
                if let Some(st) = node.and_then(|n| n.get("Statement")) {
                    found.statements = st.statement_lines();
                }
                (res.line, found)
            }
            Locator::Yaml(lines) => yaml_find(lines, id, path),
        }
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The column of `key` when this line is `key:` or `- key:` (plain or quoted).
fn key_col(line: &str, key: &str) -> Option<usize> {
    let mut col = indent(line);
    let mut t = line.trim_start_matches(' ');
    while let Some(rest) = t.strip_prefix("- ") {
        let rest_trim = rest.trim_start_matches(' ');
        col += t.len() - rest_trim.len();
        t = rest_trim;
    }
    for q in ["", "\"", "'"] {
        let after = t
            .strip_prefix(q)
            .and_then(|x| x.strip_prefix(key))
            .and_then(|x| x.strip_prefix(q));
        if after.is_some_and(|a| a.trim_start().starts_with(':')) {
            return Some(col);
        }
    }
    None
}

/// The end (exclusive) of the block that a key at `col` on line `start` opens.
fn block_end(lines: &[&str], start: usize, end: usize, col: usize) -> usize {
    (start + 1..end)
        .find(|&i| {
            let l = lines[i];
            is_content(l)
                && (indent(l) < col || (indent(l) == col && !l.trim_start().starts_with('-')))
        })
        .unwrap_or(end)
}

/// The first line in `start..end` that is `key:`, with the block it opens.
fn find_key(lines: &[&str], start: usize, end: usize, key: &str) -> Option<(usize, usize)> {
    (start..end).find_map(|i| key_col(lines[i], key).map(|col| (i, block_end(lines, i, end, col))))
}

/// The items (`- …`) of the block sequence in `start..end`: their first lines.
fn seq_items(lines: &[&str], start: usize, end: usize) -> Vec<usize> {
    let dash = |l: &str| {
        let t = l.trim_start_matches(' ');
        t == "-" || t.starts_with("- ")
    };
    let Some(col) = (start..end)
        .filter(|&i| dash(lines[i]))
        .map(|i| indent(lines[i]))
        .min()
    else {
        return Vec::new();
    };
    (start..end)
        .filter(|&i| dash(lines[i]) && indent(lines[i]) == col)
        .collect()
}

fn yaml_find(lines: &[&str], id: &str, path: &[Step<'_>]) -> (usize, Found) {
    let count = lines.len();
    let resources = (0..count).find(|&i| key_col(lines[i], "Resources") == Some(0));
    let Some(res_line) = resources else {
        return (1, Found::default());
    };
    let res_end = block_end(lines, res_line, count, 0);
    let Some((id_line, id_end)) = find_key(lines, res_line + 1, res_end, id) else {
        return (1, Found::default());
    };
    let mut found = Found::default();
    let (mut start, mut end) = (id_line + 1, id_end);
    let mut at_key = None;
    for step in path {
        match step {
            Step::Key(k) => match find_key(lines, start, end, k) {
                Some((i, e)) => {
                    at_key = Some(i);
                    (start, end) = (i + 1, e);
                }
                None => return (id_line + 1, found),
            },
            Step::Index(j) => {
                // An item starts on its dash line; its first key may sit on that line.
                let items = seq_items(lines, start, end);
                let Some(&first) = items.get(*j) else {
                    return (id_line + 1, found);
                };
                let next = items.get(j + 1).copied().unwrap_or(end);
                found.item_line = Some(first + 1);
                at_key = None;
                (start, end) = (first, next);
            }
        }
    }
    if let Some((i, e)) = find_key(lines, start, end, "Statement") {
        let items = seq_items(lines, i + 1, e);
        found.statements = if items.is_empty() {
            vec![i + 1]
        } else {
            items.iter().map(|l| l + 1).collect()
        };
    } else if let Some(k) = at_key {
        found.statements = vec![k + 1];
    }
    (id_line + 1, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  CiPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: Login
            Effect: Allow
          - Effect: Allow
  BuildRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
      - PolicyName: push
        PolicyDocument:
          Statement:
          - Effect: Allow
";

    #[test]
    fn yaml_lines_follow_indentation() {
        let loc = Locator::new(YAML, false);
        let (line, f) = loc.find(
            "CiPolicy",
            &[Step::Key("Properties"), Step::Key("PolicyDocument")],
        );
        assert_eq!((line, f.statements), (3, vec![9, 11]));
        let path = [
            Step::Key("Properties"),
            Step::Key("Policies"),
            Step::Index(0),
            Step::Key("PolicyDocument"),
        ];
        let (line, f) = loc.find("BuildRole", &path);
        assert_eq!((line, f.item_line, f.statements), (12, Some(16), vec![19]));
    }
}
