//! Running the binary from the repository root, so that paths in its messages are the relative
//! paths the tests pass.

use std::path::Path;
use std::process::Command;

pub const VALID_SMALL: &str = "tests/fixtures/valid-small";
pub const INVALID_DIR: &str = "tests/fixtures/invalid";

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cti-maturity` with `args` from the repository root.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_cti-maturity"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// Parses the JSON the binary printed, failing the test with the output if it is not JSON.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", run.stdout))
}

/// The file names in `dir` ending in `.yaml`, sorted.
pub fn yaml_files(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect("fixture directory")
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}
