//! Value parsers that accept exactly what they accepted before but also list the known values
//! (presets, formats, partitions, region codes from the embedded data) for shell completion.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

use crate::policy::PARTITIONS;
use crate::policy::emit::format::Format;
use crate::policy::spec::model::FieldError;
use crate::policy::spec::region::all_regions;
use crate::policy::spec::tasks::PRESETS;

/// Parses with `inner` and offers `values` to completion scripts. The values never restrict
/// what is accepted: a region launched after the data, or a preset in capitals, still reaches
/// the policy rules, which give the better message.
#[derive(Clone)]
pub struct Offering<P> {
    inner: P,
    values: fn() -> Vec<PossibleValue>,
}

impl<P: TypedValueParser> TypedValueParser for Offering<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.inner.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.values)().into_iter()))
    }
}

fn text(values: fn() -> Vec<PossibleValue>) -> Offering<StringValueParser> {
    Offering {
        inner: StringValueParser::new(),
        values,
    }
}

/// `--region`: every region code of every partition (any text is accepted).
pub fn region() -> Offering<StringValueParser> {
    text(|| {
        all_regions()
            .map(|(_, r)| PossibleValue::new(r.code).help(r.name))
            .collect()
    })
}

/// `--partition`: the ARN partition names.
pub fn partition() -> Offering<StringValueParser> {
    text(|| {
        PARTITIONS
            .iter()
            .map(|p| PossibleValue::new(p.arn).help(p.name))
            .collect()
    })
}

/// `--preset`: every preset id (`pull-through-cache` among them) and `none`.
pub fn preset() -> Offering<StringValueParser> {
    text(|| {
        PRESETS
            .iter()
            .map(|p| PossibleValue::new(p.id).help(p.summary))
            .chain([PossibleValue::new("none").help("no actions; add them with --action")])
            .collect()
    })
}

/// How `--format` text becomes a [`Format`] (ids and aliases, any case).
type ParseFormat = fn(&str) -> Result<Format, FieldError>;

/// `--format`: the format ids (the aliases are accepted too).
pub fn format() -> Offering<ParseFormat> {
    Offering {
        inner: Format::parse,
        values: || {
            Format::ALL
                .iter()
                .map(|f| PossibleValue::new(f.id()).help(f.label()))
                .collect()
        },
    }
}
