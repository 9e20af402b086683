//! The `cudawasm` command line.

fn main() {
    eprintln!("cudawasm: in progress");
    std::process::exit(2);
}
