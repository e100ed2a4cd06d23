//! Splits a stream of `CloudTrail` JSON into its records without parsing them: delivered log files
//! (`{"Records": [...]}`), `aws cloudtrail lookup-events` output (`{"Events": [...]}`), a JSON
//! array of records, or records one after another (JSON Lines). Fed in chunks of any size; only
//! the record being read is held, and one larger than the limit is skipped, not held.

use memchr::memchr2;

/// What the stream holds, one element at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item<'a> {
    /// A `CloudTrail` record's JSON object.
    Record(&'a [u8]),
    /// An entry of `lookup-events` output (its `CloudTrailEvent` is the record as a string).
    LookupEvent(&'a [u8]),
    /// An element larger than the per-record limit: skipped.
    Oversized,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Record,
    LookupEvent,
}

/// The element being captured.
#[derive(Debug, Clone, Copy)]
struct Capture {
    /// Where it starts in the buffer; `None` once it outgrew the limit (no longer held).
    start: Option<usize>,
    /// The depth outside it: it ends when a closing bracket returns there.
    base: usize,
    kind: Kind,
}

/// The top level of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    Between,
    Object,
    Array,
}

/// The splitter; see the module documentation.
#[derive(Debug)]
pub struct Splitter {
    buf: Vec<u8>,
    depth: usize,
    in_string: bool,
    /// The previous chunk ended on a backslash inside a string.
    escaped: bool,
    top: Top,
    capture: Option<Capture>,
    /// Start of the string being read at depth 1 (a key of the top-level object).
    key_start: Option<usize>,
    /// The last depth-1 string was `Records` or `Events`.
    last_key: Option<Kind>,
    /// Inside the top-level `Records`/`Events` array.
    active: Option<Kind>,
    max_element: usize,
    error: Option<String>,
    /// Bytes fed so far (for error positions).
    offset: u64,
}

impl Splitter {
    /// A splitter that skips elements larger than `max_element` bytes.
    pub fn new(max_element: usize) -> Splitter {
        Splitter {
            buf: Vec::new(),
            depth: 0,
            in_string: false,
            escaped: false,
            top: Top::Between,
            capture: None,
            key_start: None,
            last_key: None,
            active: None,
            max_element,
            error: None,
            offset: 0,
        }
    }

    /// Reads the next bytes, calling `emit` for every element completed in them.
    pub fn feed(&mut self, chunk: &[u8], emit: &mut impl FnMut(Item<'_>)) {
        if self.error.is_some() {
            return;
        }
        let from = self.buf.len();
        self.buf.extend_from_slice(chunk);
        self.scan(from, emit);
        self.offset += chunk.len() as u64;
        self.compact();
    }

    /// The end of the stream: `Err` when it is not `CloudTrail` JSON or ends inside an element.
    pub fn finish(self) -> Result<(), String> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if self.depth != 0 || self.in_string {
            return Err(format!(
                "ends inside a JSON value after {} bytes (a cut-off file?)",
                self.offset
            ));
        }
        Ok(())
    }

    fn scan(&mut self, from: usize, emit: &mut impl FnMut(Item<'_>)) {
        let n = self.buf.len();
        let mut i = from;
        while i < n {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                let Some(k) = memchr2(b'"', b'\\', &self.buf[i..]) else {
                    break;
                };
                let j = i + k;
                if self.buf[j] == b'\\' {
                    if j + 1 < n {
                        i = j + 2;
                    } else {
                        self.escaped = true;
                        i = n;
                    }
                    continue;
                }
                self.in_string = false;
                if let Some(s) = self.key_start.take() {
                    self.last_key = match &self.buf[s..j] {
                        b"Records" => Some(Kind::Record),
                        b"Events" => Some(Kind::LookupEvent),
                        _ => None,
                    };
                }
                i = j + 1;
                continue;
            }
            match self.buf[i] {
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 && self.top == Top::Object {
                        self.key_start = Some(i + 1);
                    }
                }
                b @ (b'{' | b'[') => self.open(b, i),
                b @ (b'}' | b']') => {
                    let closed = self.close(b, i, emit);
                    if !closed {
                        return;
                    }
                }
                b' ' | b'\n' | b'\r' | b'\t' => {}
                other if self.depth == 0 => {
                    self.error = Some(format!(
                        "is not CloudTrail JSON: byte {} is {:?}, where a JSON object or array \
                         should start",
                        self.offset + (i - from) as u64 + 1,
                        char::from(other)
                    ));
                    return;
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn start(&mut self, at: usize, base: usize, kind: Kind) {
        self.capture = Some(Capture {
            start: Some(at),
            base,
            kind,
        });
    }

    fn open(&mut self, b: u8, at: usize) {
        let d = self.depth;
        self.depth += 1;
        match (d, b, self.top) {
            (0, b'{', _) => {
                self.top = Top::Object;
                self.last_key = None;
                // A record on its own (JSON Lines) until a `Records`/`Events` key says otherwise.
                self.start(at, 0, Kind::Record);
            }
            (0, _, _) => self.top = Top::Array,
            (1, b'[', Top::Object) if self.last_key.is_some() => {
                self.active = self.last_key;
                self.capture = None;
            }
            (1, b'{', Top::Array) => self.start(at, 1, Kind::Record),
            (2, b'{', Top::Object) => {
                if let Some(kind) = self.active {
                    self.start(at, 2, kind);
                }
            }
            _ => {}
        }
    }

    /// Closes a bracket; `false` (and an error) when nothing is open.
    fn close(&mut self, b: u8, at: usize, emit: &mut impl FnMut(Item<'_>)) -> bool {
        if self.depth == 0 {
            self.error = Some(format!(
                "is not CloudTrail JSON: {:?} closes nothing",
                char::from(b)
            ));
            return false;
        }
        self.depth -= 1;
        let d = self.depth;
        if let Some(c) = self.capture
            && c.base == d
        {
            self.capture = None;
            match (c.start, c.kind) {
                (None, _) => emit(Item::Oversized),
                (Some(s), Kind::Record) => emit(Item::Record(&self.buf[s..=at])),
                (Some(s), Kind::LookupEvent) => emit(Item::LookupEvent(&self.buf[s..=at])),
            }
        }
        if d == 1 && b == b']' {
            self.active = None;
        }
        if d == 0 {
            self.top = Top::Between;
        }
        true
    }

    /// Drops the bytes no element needs any more; gives up an element over the limit.
    fn compact(&mut self) {
        if let Some(c) = &mut self.capture
            && let Some(s) = c.start
            && self.buf.len() - s > self.max_element
        {
            c.start = None;
        }
        let keep = [self.capture.and_then(|c| c.start), self.key_start]
            .into_iter()
            .flatten()
            .min();
        match keep {
            None => self.buf.clear(),
            Some(0) => {}
            Some(k) => {
                self.buf.drain(..k);
                if let Some(c) = &mut self.capture {
                    c.start = c.start.map(|s| s - k);
                }
                self.key_start = self.key_start.map(|s| s - k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every element of `text` fed in chunks of `size` bytes, as strings.
    fn split(text: &str, size: usize, max: usize) -> (Vec<String>, Result<(), String>) {
        let mut s = Splitter::new(max);
        let mut out = Vec::new();
        for chunk in text.as_bytes().chunks(size.max(1)) {
            s.feed(chunk, &mut |item| {
                out.push(match item {
                    Item::Record(r) => format!("R{}", String::from_utf8_lossy(r)),
                    Item::LookupEvent(r) => format!("E{}", String::from_utf8_lossy(r)),
                    Item::Oversized => "big".to_string(),
                });
            });
        }
        (out, s.finish())
    }

    const DELIVERED: &str =
        r#"{"Records":[{"a":"x}{\"]","b":[1,{"c":2}]},{"eventName":"Records","d":[]}]}"#;

    #[test]
    fn delivered_files_split_into_records_at_any_chunk_size() {
        for size in [1, 2, 3, 7, 64, 4096] {
            let (items, end) = split(DELIVERED, size, 1 << 20);
            assert_eq!(
                items,
                [
                    r#"R{"a":"x}{\"]","b":[1,{"c":2}]}"#,
                    r#"R{"eventName":"Records","d":[]}"#
                ],
                "chunks of {size}"
            );
            assert_eq!(end, Ok(()));
        }
    }

    #[test]
    fn lookup_events_arrays_and_json_lines() {
        let lookup = r#"{"Events": [{"CloudTrailEvent": "{\"a\":1}"}], "NextToken": "t"}"#;
        assert_eq!(
            split(lookup, 5, 1 << 20).0,
            [r#"E{"CloudTrailEvent": "{\"a\":1}"}"#]
        );
        let late = r#"{"NextToken": "t", "Records": [{"a": 1}]}"#;
        assert_eq!(split(late, 4, 1 << 20).0, [r#"R{"a": 1}"#]);
        let array = "[{\"a\": [1]}, {\"b\": 2}]";
        assert_eq!(split(array, 3, 1 << 20).0, ["R{\"a\": [1]}", "R{\"b\": 2}"]);
        let lines = "{\"a\": 1}\n{\"b\": {\"c\": 2}}\n";
        assert_eq!(
            split(lines, 2, 1 << 20).0,
            ["R{\"a\": 1}", "R{\"b\": {\"c\": 2}}"]
        );
        let other_array = r#"{"Records": [{"a": 1}], "Other": [{"b": 2}]}"#;
        assert_eq!(split(other_array, 6, 1 << 20).0, [r#"R{"a": 1}"#]);
    }

    #[test]
    fn large_records_are_skipped_and_the_rest_read() {
        let big = format!(
            r#"{{"Records":[{{"a":"{}"}},{{"b":1}}]}}"#,
            "x".repeat(5000)
        );
        let (items, end) = split(&big, 100, 1000);
        assert_eq!(items, ["big", r#"R{"b":1}"#]);
        assert_eq!(end, Ok(()));
    }

    #[test]
    fn cut_off_and_non_json_input_is_an_error() {
        let (items, end) = split(r#"{"Records":[{"a":1},{"b":"#, 8, 1 << 20);
        assert_eq!(items, [r#"R{"a":1}"#]);
        assert!(end.unwrap_err().contains("ends inside"));
        let (_, end) = split("caller,eventname\n", 4, 1 << 20);
        assert!(end.unwrap_err().contains("not CloudTrail JSON"));
        let (_, end) = split("{}}", 4, 1 << 20);
        assert!(end.unwrap_err().contains("closes nothing"));
    }
}
