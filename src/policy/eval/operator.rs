//! Condition operator names: the base operator, `…IfExists`, and the `ForAnyValue:` /
//! `ForAllValues:` set qualifiers, read exactly as AWS spells them.

use strum::{EnumString, IntoStaticStr, VariantArray};

/// The comparison a condition makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, VariantArray)]
pub enum Base {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// The kind of value a base operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

impl Base {
    /// The operator's name as written in a policy.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Negated operators hold when no value matches, and on a missing key (IAM: "…a negated
    /// condition operator … returns true if the key is not present").
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Base::StringNotEquals
                | Base::StringNotEqualsIgnoreCase
                | Base::StringNotLike
                | Base::NumericNotEquals
                | Base::DateNotEquals
                | Base::NotIpAddress
                | Base::ArnNotEquals
                | Base::ArnNotLike
        )
    }

    /// What the operator compares.
    pub fn family(self) -> Family {
        // The names say it: StringX, NumericX, DateX, ArnX, and the rest one by one.
        let name = self.name();
        match self {
            Base::Bool => Family::Bool,
            Base::BinaryEquals => Family::Binary,
            Base::IpAddress | Base::NotIpAddress => Family::Ip,
            Base::Null => Family::Null,
            _ if name.starts_with("String") => Family::String,
            _ if name.starts_with("Numeric") => Family::Numeric,
            _ if name.starts_with("Date") => Family::Date,
            _ => Family::Arn,
        }
    }

    /// Whether `*` and `?` in the policy's values are wildcards (`StringLike`, the ARN
    /// operators: IAM documents `ArnEquals` and `ArnLike` alike).
    pub fn has_wildcards(self) -> bool {
        matches!(
            self,
            Base::StringLike
                | Base::StringNotLike
                | Base::ArnEquals
                | Base::ArnLike
                | Base::ArnNotEquals
                | Base::ArnNotLike
        )
    }

    /// Whether policy variables may appear in the values (IAM: string and ARN operators only).
    pub fn takes_variables(self) -> bool {
        matches!(self.family(), Family::String | Family::Arn)
    }
}

/// `ForAnyValue:` or `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    ForAnyValue,
    ForAllValues,
}

/// A whole operator: `ForAllValues:StringLikeIfExists` and the like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    pub base: Base,
    pub if_exists: bool,
    pub set: Option<SetOp>,
}

impl Operator {
    /// Reads an operator name; an unknown name (or `Null` with a qualifier) is an error naming it.
    pub fn parse(name: &str) -> Result<Operator, String> {
        let (set, rest) = match name.split_once(':') {
            None => (None, name),
            Some(("ForAnyValue", rest)) => (Some(SetOp::ForAnyValue), rest),
            Some(("ForAllValues", rest)) => (Some(SetOp::ForAllValues), rest),
            Some((q, _)) => {
                return Err(format!(
                    "unknown set qualifier `{q}:` in `{name}` (ForAnyValue: or ForAllValues:)"
                ));
            }
        };
        let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        let base: Base = base_name
            .parse()
            .map_err(|_| format!("unknown condition operator `{name}`"))?;
        if base == Base::Null && (if_exists || set.is_some()) {
            return Err(format!("`{name}`: Null takes no IfExists or set qualifier"));
        }
        Ok(Operator {
            base,
            if_exists,
            set,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let op = Operator::parse("ForAllValues:StringLikeIfExists").unwrap();
        assert_eq!(
            op,
            Operator {
                base: Base::StringLike,
                if_exists: true,
                set: Some(SetOp::ForAllValues)
            }
        );
        assert_eq!(
            Operator::parse("ArnNotEquals").unwrap().base,
            Base::ArnNotEquals
        );
        assert!(Operator::parse("ArnNotEquals").unwrap().base.is_negated());
        for bad in [
            "stringequals",
            "StringEqual",
            "ForSomeValues:StringLike",
            "NullIfExists",
            "ForAnyValue:Null",
            "IfExists",
            "",
        ] {
            assert!(Operator::parse(bad).is_err(), "{bad}");
        }
        for b in Base::VARIANTS {
            assert_eq!(Operator::parse(b.name()).unwrap().base, *b);
        }
    }

    #[test]
    fn families() {
        assert_eq!(Base::StringNotLike.family(), Family::String);
        assert_eq!(Base::NumericLessThanEquals.family(), Family::Numeric);
        assert_eq!(Base::DateGreaterThan.family(), Family::Date);
        assert_eq!(Base::ArnNotEquals.family(), Family::Arn);
        assert_eq!(Base::NotIpAddress.family(), Family::Ip);
        assert_eq!(Base::BinaryEquals.family(), Family::Binary);
        assert_eq!(Base::Null.family(), Family::Null);
        assert_eq!(Base::Bool.family(), Family::Bool);
    }

    #[test]
    fn negated_operators_are_the_not_ones() {
        for b in Base::VARIANTS {
            assert_eq!(b.is_negated(), b.name().contains("Not"), "{}", b.name());
        }
    }
}
