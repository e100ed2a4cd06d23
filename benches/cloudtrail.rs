//! Reading a year's worth of `CloudTrail` for `generate --from-cloudtrail`: the benchmark writes
//! its own logs (realistic records of many services, about 3% ECR: logins, pulls, pushes,
//! refusals; files as `CloudTrail` names and nests them, some gzip-compressed), then reads them
//! the way the command does and reports MB/s of uncompressed JSON (median of the runs).
//!
//! `cargo bench --bench cloudtrail` writes `CLOUDTRAIL_BENCH_MB` (default 1024) MB of logs with
//! a quarter of the files compressed into `target/cloudtrail-bench` and measures.
//! `cargo bench --bench cloudtrail -- write DIR MB GZ_PERCENT` only writes logs (for the
//! whole-process and `trailscraper` runs in BENCHMARKS.md); `-- read DIR` only measures.

// A benchmark is a harness: a broken fixture should stop it loudly.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::cast_precision_loss)]
// A benchmark reports on standard output; the crate's rule is for the product's own messages.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_macros)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ecr_policy::adapters::trail_read::{ReadLimits, read_logs};
use ecr_policy::policy::trail::{Window, least_privilege};
use flate2::Compression;
use flate2::write::GzEncoder;

const ACCOUNT: &str = "111122223333";
const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];
/// Uncompressed bytes per file (`CloudTrail` delivers files of a few MB at most every 5 minutes).
const FILE_BYTES: usize = 2 * 1024 * 1024;

/// A small deterministic generator (xorshift64*), so every run writes the same logs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
    fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            let _ = write!(s, "{:016x}", self.next());
        }
        s.truncate(len);
        s
    }
}

fn identity(rng: &mut Rng) -> (String, String) {
    let role = format!("service-{}", rng.below(60));
    let session = format!("i-{}", rng.hex(17));
    let json = format!(
        r#"{{"type":"AssumedRole","principalId":"AROA{id}:{session}","arn":"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}","accountId":"{ACCOUNT}","accessKeyId":"ASIA{key}","sessionContext":{{"sessionIssuer":{{"type":"Role","principalId":"AROA{id}","arn":"arn:aws:iam::{ACCOUNT}:role/{role}","accountId":"{ACCOUNT}","userName":"{role}"}},"attributes":{{"creationDate":"2024-06-01T00:00:00Z","mfaAuthenticated":"false"}},"ec2RoleDelivery":"2.0"}}}}"#,
        id = rng.hex(17).to_uppercase(),
        key = rng.hex(16).to_uppercase(),
    );
    (json, role)
}

fn common(rng: &mut Rng, day: usize, source: &str, name: &str, region: &str) -> String {
    let (identity, _) = identity(rng);
    format!(
        r#""eventVersion":"1.09","userIdentity":{identity},"eventTime":"2024-06-{:02}T{:02}:{:02}:{:02}Z","eventSource":"{source}","eventName":"{name}","awsRegion":"{region}","sourceIPAddress":"10.{}.{}.{}","userAgent":"aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{source}#1.0","requestID":"{}","eventID":"{}","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{ACCOUNT}","eventCategory":"Management","tlsDetails":{{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"{}.{region}.amazonaws.com"}}"#,
        1 + day % 30,
        rng.below(24),
        rng.below(60),
        rng.below(60),
        rng.below(256),
        rng.below(256),
        rng.below(256),
        rng.hex(32),
        rng.hex(32),
        source.split('.').next().unwrap_or("s3"),
    )
}

/// One record: mostly other services, about 3% ECR.
fn record(rng: &mut Rng, day: usize) -> String {
    let region = REGIONS[rng.below(REGIONS.len())];
    let pick = rng.below(100);
    if pick < 3 {
        let repo = format!("team-{}/app-{}", rng.below(20), rng.below(10));
        let (event, params) = match rng.below(6) {
            0 => ("GetAuthorizationToken", "null".to_string()),
            1 | 2 => (
                "BatchGetImage",
                format!(
                    r#"{{"registryId":"{ACCOUNT}","repositoryName":"{repo}","imageIds":[{{"imageTag":"v{}"}}],"acceptedMediaTypes":["application/vnd.docker.distribution.manifest.v2+json","application/vnd.oci.image.manifest.v1+json"]}}"#,
                    rng.below(100)
                ),
            ),
            3 => (
                "GetDownloadUrlForLayer",
                format!(
                    r#"{{"registryId":"{ACCOUNT}","repositoryName":"{repo}","layerDigest":"sha256:{}"}}"#,
                    rng.hex(64)
                ),
            ),
            4 => (
                "PutImage",
                format!(
                    r#"{{"registryId":"{ACCOUNT}","repositoryName":"{repo}","imageTag":"v{}","imageManifest":"{{\n   \"schemaVersion\": 2,\n   \"config\": {{\"digest\": \"sha256:{}\"}}\n}}"}}"#,
                    rng.below(100),
                    rng.hex(64)
                ),
            ),
            _ => (
                "InitiateLayerUpload",
                format!(r#"{{"registryId":"{ACCOUNT}","repositoryName":"{repo}"}}"#),
            ),
        };
        let error = if rng.below(50) == 0 {
            r#","errorCode":"AccessDenied","errorMessage":"not authorized""#
        } else {
            ""
        };
        // A login names no repository, so its record has no `resources`.
        let resources = if event == "GetAuthorizationToken" {
            String::new()
        } else {
            format!(
                r#","resources":[{{"accountId":"{ACCOUNT}","ARN":"arn:aws:ecr:{region}:{ACCOUNT}:repository/{repo}"}}]"#
            )
        };
        return format!(
            r#"{{{},"requestParameters":{params},"responseElements":null{error}{resources}}}"#,
            common(rng, day, "ecr.amazonaws.com", event, region)
        );
    }
    match pick % 4 {
        0 => {
            let key = format!("data/{}/{}.parquet", rng.hex(8), rng.hex(12));
            format!(
                r#"{{{},"requestParameters":{{"bucketName":"analytics-{}","Host":"analytics.s3.{region}.amazonaws.com","key":"{key}"}},"responseElements":null,"additionalEventData":{{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"{}","bytesTransferredOut":{}}},"resources":[{{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::analytics/{key}"}},{{"accountId":"{ACCOUNT}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::analytics"}}]}}"#,
                common(rng, day, "s3.amazonaws.com", "GetObject", region),
                rng.below(9),
                rng.hex(76),
                rng.below(1 << 20)
            )
        }
        1 => format!(
            r#"{{{},"requestParameters":{{"encryptionContext":{{"aws:lambda:FunctionArn":"arn:aws:lambda:{region}:{ACCOUNT}:function:fn-{}"}},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}},"responseElements":null,"resources":[{{"accountId":"{ACCOUNT}","type":"AWS::KMS::Key","ARN":"arn:aws:kms:{region}:{ACCOUNT}:key/{}"}}]}}"#,
            common(rng, day, "kms.amazonaws.com", "Decrypt", region),
            rng.below(40),
            rng.hex(36)
        ),
        2 => format!(
            r#"{{{},"requestParameters":{{"roleArn":"arn:aws:iam::{ACCOUNT}:role/worker-{}","roleSessionName":"{}","durationSeconds":3600}},"responseElements":{{"credentials":{{"accessKeyId":"ASIA{}","sessionToken":"{}","expiration":"Jun 1, 2024, 1:00:00 AM"}},"assumedRoleUser":{{"assumedRoleId":"AROA{}:s","arn":"arn:aws:sts::{ACCOUNT}:assumed-role/worker/s"}}}}}}"#,
            common(rng, day, "sts.amazonaws.com", "AssumeRole", region),
            rng.below(30),
            rng.hex(20),
            rng.hex(16),
            rng.hex(300),
            rng.hex(17)
        ),
        _ => format!(
            r#"{{{},"requestParameters":{{"instancesSet":{{}},"filterSet":{{"items":[{{"name":"tag:team","valueSet":{{"items":[{{"value":"t{}"}}]}}}},{{"name":"instance-state-name","valueSet":{{"items":[{{"value":"running"}}]}}}}]}}}},"responseElements":null}}"#,
            common(rng, day, "ec2.amazonaws.com", "DescribeInstances", region),
            rng.below(20)
        ),
    }
}

/// Writes about `mb` MB of logs under `dir`, `gz_percent` of the files compressed; returns the
/// uncompressed bytes written.
fn write_logs(dir: &Path, mb: usize, gz_percent: usize) -> u64 {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let files = (mb * 1024 * 1024).div_ceil(FILE_BYTES).max(1);
    let mut total = 0u64;
    for i in 0..files {
        let day = i % 30;
        let region = REGIONS[i % REGIONS.len()];
        let sub = dir.join(format!(
            "AWSLogs/{ACCOUNT}/CloudTrail/{region}/2024/06/{:02}",
            1 + day
        ));
        std::fs::create_dir_all(&sub).expect("log directory");
        let mut text = String::with_capacity(FILE_BYTES + 4096);
        text.push_str(r#"{"Records":["#);
        let mut first = true;
        while text.len() < FILE_BYTES {
            if !first {
                text.push(',');
            }
            first = false;
            text.push_str(&record(&mut rng, day));
        }
        text.push_str("]}");
        total += text.len() as u64;
        let name = format!(
            "{ACCOUNT}_CloudTrail_{region}_202406{:02}T{:02}{:02}Z_{}",
            1 + day,
            (i / 12) % 24,
            (i * 5) % 60,
            rng.hex(16)
        );
        // Scattered through the days and regions rather than all first.
        if (i * 37) % 100 < gz_percent {
            let f = std::fs::File::create(sub.join(format!("{name}.json.gz"))).expect("file");
            let mut gz = GzEncoder::new(f, Compression::default());
            gz.write_all(text.as_bytes()).expect("gzip");
            gz.finish().expect("gzip");
        } else {
            std::fs::write(sub.join(format!("{name}.json")), text).expect("file");
        }
    }
    total
}

/// Reads the logs `runs` times; prints every run and the median.
fn measure(dir: &Path, runs: usize) {
    let paths = [dir.to_string_lossy().into_owned()];
    let mut rates = Vec::new();
    for run in 1..=runs {
        let start = Instant::now();
        let report = read_logs(
            &paths,
            &Window::default(),
            ReadLimits::default(),
            &mut std::io::empty(),
            false,
        );
        // What the command does next: one caller's policy.
        let caller = report.usage.callers().into_iter().next().map(String::from);
        if let Some(c) = caller {
            std::hint::black_box(least_privilege(&report.usage, &c));
        }
        let secs = start.elapsed().as_secs_f64();
        let mb = report.bytes as f64 / 1e6;
        rates.push(mb / secs);
        println!(
            "run {run}: {} files, {mb:.0} MB uncompressed, {} records, {} ECR events, {} distinct \
             calls, {secs:.2} s, {:.0} MB/s",
            report.files,
            report.usage.records,
            report.usage.ecr_events,
            report.usage.calls.len(),
            mb / secs
        );
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "cloudtrail/read: median {:.0} MB/s over {runs} runs (rayon threads: {})",
        rates[rates.len() / 2],
        rayon::current_num_threads()
    );
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("write") => {
            let dir = PathBuf::from(args.get(1).expect("write DIR MB GZ_PERCENT"));
            let mb = args.get(2).and_then(|m| m.parse().ok()).unwrap_or(256);
            let gz = args.get(3).and_then(|g| g.parse().ok()).unwrap_or(100);
            let total = write_logs(&dir, mb, gz);
            println!(
                "wrote {total} bytes of uncompressed logs under {}",
                dir.display()
            );
        }
        Some("read") => measure(Path::new(args.get(1).expect("read DIR")), 5),
        // Run as a test (`cargo test --benches`, without --bench): a small smoke run.
        _ if !bench => {
            let dir = std::env::temp_dir().join(format!("cloudtrail-bench-{}", std::process::id()));
            write_logs(&dir, 4, 25);
            measure(&dir, 1);
            let _ = std::fs::remove_dir_all(&dir);
        }
        _ => {
            let mb = std::env::var("CLOUDTRAIL_BENCH_MB")
                .ok()
                .and_then(|m| m.parse().ok())
                .unwrap_or(1024);
            let dir = PathBuf::from("target/cloudtrail-bench");
            if !dir.exists() {
                let total = write_logs(&dir, mb, 25);
                println!(
                    "wrote {total} bytes of uncompressed logs under {}",
                    dir.display()
                );
            }
            measure(&dir, 5);
        }
    }
}
