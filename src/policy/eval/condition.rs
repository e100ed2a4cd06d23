//! A statement's `Condition` element, read once and evaluated per request in three values:
//! every condition must hold; a key missing from the request is handled as IAM documents it
//! (negated operators and `…IfExists` hold, `ForAllValues` holds, `ForAnyValue` does not, `Null`
//! tells presence); a key the request leaves unknown, or a value that cannot be read, leaves it
//! undecided.

use serde_json::Value;

use crate::policy::eval::arn::split_arn;
use crate::policy::eval::context::{Context, ContextValue, Lookup};
use crate::policy::eval::glob::{Token, match_tokens};
use crate::policy::eval::operator::{Base, Family, Operator, SetOp};
use crate::policy::eval::scalar::{IpRange, boolean, date, number};
use crate::policy::eval::template::{Resolved, Template};
use crate::policy::eval::tri::Tri;

/// The values of one condition, read for its operator.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    /// String operators: templates (wildcards for `StringLike`, variables under 2012-10-17).
    Strings(Vec<Template>),
    /// ARN operators: the five parts of each ARN, each a template.
    Arns(Vec<[Template; 5]>),
    Numbers(Vec<f64>),
    /// Milliseconds since the epoch.
    Dates(Vec<i128>),
    Bools(Vec<bool>),
    Binary(Vec<String>),
    Ips(Vec<IpRange>),
    /// `Null`: whether the key must be absent (`true`) or present (`false`).
    Null(Vec<bool>),
}

/// One operator × key × values.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator as written.
    pub operator_name: String,
    /// The key as written.
    pub key: String,
    /// The values as written.
    pub values: Vec<String>,
    op: Operator,
    key_lower: String,
    read: Values,
}

/// A condition that could not be read, with why (it leaves its statement undecided).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub operator_name: String,
    pub key: String,
    pub reason: String,
}

/// A whole `Condition` element.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Conditions {
    pub items: Vec<Result<Condition, Unreadable>>,
}

/// The values of a condition as strings (a number or boolean is read as its JSON text).
fn value_strings(v: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        other => one(other).map(|s| vec![s]),
    }
}

impl Conditions {
    /// Reads a `Condition` element; `variables`: the document's Version is 2012-10-17. A
    /// malformed shape is an error; a malformed condition inside is kept as [`Unreadable`].
    pub fn parse(v: &Value, variables: bool) -> Result<Conditions, String> {
        let Value::Object(ops) = v else {
            return Err("`Condition` is not an object of operators".into());
        };
        let mut items = Vec::new();
        for (op_name, keys) in ops {
            let Value::Object(keys) = keys else {
                return Err(format!("`Condition.{op_name}` is not an object of keys"));
            };
            for (key, values) in keys {
                let unreadable = |reason: String| Unreadable {
                    operator_name: op_name.clone(),
                    key: key.clone(),
                    reason,
                };
                let item = match value_strings(values) {
                    None => Err(unreadable(format!(
                        "the values of `{op_name}` `{key}` are not strings, numbers or booleans"
                    ))),
                    Some(strings) => {
                        Condition::read(op_name, key, strings, variables).map_err(unreadable)
                    }
                };
                items.push(item);
            }
        }
        Ok(Conditions { items })
    }

    /// All conditions hold (false as soon as one does not; undecided if one cannot be told).
    pub fn eval(&self, ctx: &Context) -> Tri {
        let mut out = Tri::True;
        for item in &self.items {
            let t = match item {
                Ok(c) => c.eval(ctx),
                Err(u) => Tri::Unknown(format!(
                    "condition `{}` on `{}`: {}",
                    u.operator_name, u.key, u.reason
                )),
            };
            out = out.and(t);
            if out.is_false() {
                return out;
            }
        }
        out
    }
}

/// The result of comparing one request value with one policy value.
enum One {
    Match,
    NoMatch,
    /// Any match against it fails (an unresolvable variable, a request value of the wrong type):
    /// false whether the operator is negated or not.
    Fail,
    Unknown(String),
}

impl Condition {
    fn read(
        op_name: &str,
        key: &str,
        values: Vec<String>,
        variables: bool,
    ) -> Result<Condition, String> {
        let op = Operator::parse(op_name)?;
        let base = op.base;
        let vars = variables && base.takes_variables();
        let read = match base.family() {
            Family::String => Values::Strings(
                values
                    .iter()
                    .map(|v| Template::parse(v, base.has_wildcards(), vars))
                    .collect::<Result<_, _>>()?,
            ),
            Family::Arn => Values::Arns(
                values
                    .iter()
                    .map(|v| {
                        let p = split_arn(v).ok_or_else(|| {
                            format!("`{v}` is not an ARN (six colon-separated parts)")
                        })?;
                        // A variable whose name holds a colon straddles the ARN's parts; AWS
                        // does not say whether it is put in before the parts are split.
                        if vars
                            && p.as_array()[..4]
                                .iter()
                                .any(|part| part.contains("${") && !part.contains('}'))
                        {
                            return Err(format!(
                                "`{v}`: a policy variable spans the ARN's parts, which AWS does not document"
                            ));
                        }
                        let t = |s: &str| Template::parse(s, true, vars);
                        Ok([
                            t(p.partition)?,
                            t(p.service)?,
                            t(p.region)?,
                            t(p.account)?,
                            t(p.resource)?,
                        ])
                    })
                    .collect::<Result<_, String>>()?,
            ),
            Family::Numeric => Values::Numbers(read_all(&values, number, "a number")?),
            Family::Date => Values::Dates(read_all(
                &values,
                date,
                "a date (ISO 8601 with a zone, or epoch seconds)",
            )?),
            Family::Bool => Values::Bools(read_all(&values, boolean, "true or false")?),
            Family::Null => Values::Null(read_all(&values, boolean, "true or false")?),
            Family::Ip => Values::Ips(read_all(
                &values,
                IpRange::parse,
                "an IP address or CIDR range",
            )?),
            Family::Binary => Values::Binary(values.clone()),
        };
        Ok(Condition {
            operator_name: op_name.to_string(),
            key: key.to_string(),
            key_lower: key.to_lowercase(),
            values,
            op,
            read,
        })
    }

    /// The parsed operator.
    pub fn operator(&self) -> Operator {
        self.op
    }

    /// The key, lower-cased.
    pub fn key_lower(&self) -> &str {
        &self.key_lower
    }

    /// Whether the condition holds for the request.
    pub fn eval(&self, ctx: &Context) -> Tri {
        let lookup = ctx.lookup_lower(&self.key_lower);
        let unknown = || {
            Tri::Unknown(format!(
                "the request does not say whether it has `{}` ({})",
                self.key, self.operator_name
            ))
        };
        if let Values::Null(want_absent) = &self.read {
            let absent = match lookup {
                Lookup::Unknown => return unknown(),
                Lookup::Absent => true,
                Lookup::Present(_) => false,
            };
            return Tri::from_bool(want_absent.contains(&absent));
        }
        match self.op.set {
            None => match lookup {
                Lookup::Unknown => unknown(),
                Lookup::Absent => Tri::from_bool(self.op.if_exists || self.op.base.is_negated()),
                // A single-valued operator on a multivalued key: the set qualifiers are required
                // (Chosen, as iam-simulate does: it never matches).
                Lookup::Present(ContextValue::Many(_)) => Tri::False,
                Lookup::Present(ContextValue::One(v)) => self.test(v, ctx),
            },
            Some(SetOp::ForAnyValue) => match lookup {
                Lookup::Unknown => unknown(),
                Lookup::Absent if self.op.if_exists => Tri::Unknown(format!(
                    "`{}` on a missing `{}`: AWS does not say whether IfExists makes ForAnyValue hold",
                    self.operator_name, self.key
                )),
                Lookup::Absent => Tri::False,
                Lookup::Present(v) => Tri::any(request_values(v).map(|x| self.test(x, ctx))),
            },
            Some(SetOp::ForAllValues) => match lookup {
                Lookup::Unknown => unknown(),
                Lookup::Absent => Tri::True,
                Lookup::Present(v) => Tri::all(request_values(v).map(|x| self.test(x, ctx))),
            },
        }
    }

    /// One request value against the policy's values: a plain operator holds when one value
    /// matches; a negated one when none does (and none fails).
    fn test(&self, x: &str, ctx: &Context) -> Tri {
        let negated = self.op.base.is_negated();
        let mut out = if negated { Tri::True } else { Tri::False };
        let n = self.value_count();
        for i in 0..n {
            let t = match self.compare(i, x, ctx) {
                One::Match => Tri::from_bool(!negated),
                One::NoMatch => Tri::from_bool(negated),
                One::Fail => Tri::False,
                One::Unknown(r) => Tri::Unknown(r),
            };
            out = if negated { out.and(t) } else { out.or(t) };
            if (negated && out.is_false()) || (!negated && out.is_true()) {
                break;
            }
        }
        out
    }

    fn value_count(&self) -> usize {
        match &self.read {
            Values::Strings(v) => v.len(),
            Values::Arns(v) => v.len(),
            Values::Numbers(v) => v.len(),
            Values::Dates(v) => v.len(),
            Values::Bools(v) => v.len(),
            Values::Binary(v) => v.len(),
            Values::Ips(v) => v.len(),
            Values::Null(v) => v.len(),
        }
    }

    /// Whether the request value matches policy value `i`, before negation.
    fn compare(&self, i: usize, x: &str, ctx: &Context) -> One {
        let base = self.op.base;
        let yes = |b: bool| if b { One::Match } else { One::NoMatch };
        match &self.read {
            Values::Strings(ts) => {
                let ignore_case = matches!(
                    base,
                    Base::StringEqualsIgnoreCase | Base::StringNotEqualsIgnoreCase
                );
                with_tokens(&ts[i], ctx, |toks| {
                    if ignore_case {
                        let lower: Vec<Token> = toks
                            .iter()
                            .flat_map(|t| match t {
                                Token::Char(c) => {
                                    c.to_lowercase().map(Token::Char).collect::<Vec<_>>()
                                }
                                other => vec![*other],
                            })
                            .collect();
                        yes(match_tokens(&lower, &x.to_lowercase()))
                    } else {
                        yes(match_tokens(toks, x))
                    }
                })
            }
            Values::Arns(parts) => {
                let Some(a) = split_arn(x) else {
                    return One::Fail;
                };
                let mut result = One::Match;
                for (t, part) in parts[i].iter().zip(a.as_array()) {
                    match with_tokens(t, ctx, |toks| yes(match_tokens(toks, part))) {
                        One::Match => {}
                        One::NoMatch => result = One::NoMatch,
                        other => return other,
                    }
                }
                result
            }
            Values::Numbers(ns) => match number(x) {
                None => One::Fail,
                Some(v) => yes(numeric(base, v, ns[i])),
            },
            Values::Dates(ds) => match date(x) {
                None => One::Fail,
                Some(v) => yes(ordered(base, v.cmp(&ds[i]))),
            },
            Values::Bools(bs) => match boolean(x) {
                None => One::Fail,
                Some(v) => yes(v == bs[i]),
            },
            Values::Binary(bs) => yes(x == bs[i]),
            Values::Ips(rs) => match x.parse() {
                Err(_) => One::Fail,
                Ok(ip) => yes(rs[i].contains(ip)),
            },
            Values::Null(_) => One::Fail,
        }
    }
}

/// The values of a present key, one by one.
fn request_values(v: &ContextValue) -> Box<dyn Iterator<Item = &str> + '_> {
    match v {
        ContextValue::One(s) => Box::new(std::iter::once(s.as_str())),
        ContextValue::Many(vs) => Box::new(vs.iter().map(String::as_str)),
    }
}

fn with_tokens(t: &Template, ctx: &Context, f: impl FnOnce(&[Token]) -> One) -> One {
    match t.resolve(ctx) {
        Resolved::Fixed(toks) => f(toks),
        Resolved::Built(toks) => f(&toks),
        Resolved::Fail(_) => One::Fail,
        Resolved::Unknown(r) => One::Unknown(r),
    }
}

/// Every value read by `read`, or an error naming the first it refuses.
fn read_all<T>(
    values: &[String],
    read: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Vec<T>, String> {
    values
        .iter()
        .map(|v| read(v).ok_or_else(|| format!("`{v}` is not {what}")))
        .collect()
}

fn numeric(base: Base, request: f64, policy: f64) -> bool {
    match request.partial_cmp(&policy) {
        Some(o) => ordered(base, o),
        None => false,
    }
}

/// The comparison of a numeric or date operator, request value against policy value.
fn ordered(base: Base, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match base {
        Base::NumericEquals | Base::DateEquals | Base::NumericNotEquals | Base::DateNotEquals => {
            o == Equal
        }
        Base::NumericLessThan | Base::DateLessThan => o == Less,
        Base::NumericLessThanEquals | Base::DateLessThanEquals => o != Greater,
        Base::NumericGreaterThan | Base::DateGreaterThan => o == Greater,
        Base::NumericGreaterThanEquals | Base::DateGreaterThanEquals => o != Less,
        _ => false,
    }
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
