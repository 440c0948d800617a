"""Reads lesson t07's event files with TensorBoard's own reader and prints what it found.

The lesson writes TensorBoard event files from Rust; this script checks that the real reader,
TensorBoard's EventAccumulator, reads every scalar and histogram the lesson wrote. CI does not
run it (it needs Python and TensorBoard). To run it, from the workspace root:

    cargo xtask run t07                               # writes target/tensorboard/t07
    python3 -m venv /tmp/tbvenv                       # once
    /tmp/tbvenv/bin/pip install tensorboard           # once; TensorFlow is not needed
    /tmp/tbvenv/bin/python lessons/t07-tensorboard/scripts/read_with_tensorboard.py

An optional argument names another log folder. The script exits with status 1 if a run is
missing or holds other counts than the lesson writes (5 epochs of 100 batches, 6 weight tensors,
histograms at steps 0 to 5).
"""

import math
import os
import sys

from tensorboard.backend.event_processing import event_accumulator as ea

EPOCHS = 5
BATCHES = 100  # 3,200 training digits in batches of 32
TENSORS = ["0.0.weight", "0.0.bias", "1.0.weight", "1.0.bias", "2.weight", "2.bias"]


def load(run_dir):
    # Keep every event: by default the accumulator keeps a sample of 10,000 scalars and only
    # 1 histogram per tag.
    accumulator = ea.EventAccumulator(run_dir, size_guidance=ea.STORE_EVERYTHING_SIZE_GUIDANCE)
    accumulator.Reload()
    return accumulator


def describe_scalars(accumulator):
    for tag in accumulator.Tags()["scalars"]:
        events = accumulator.Scalars(tag)
        first, last = events[0], events[-1]
        print(
            f"    scalars {tag:<20} {len(events):>4} points, steps {first.step} … {last.step}, "
            f"first {first.value:.4f}, last {last.value:.4f}"
        )


def describe_histograms(accumulator):
    for tag in accumulator.Tags()["histograms"]:
        events = accumulator.Histograms(tag)
        steps = [e.step for e in events]
        h = events[-1].histogram_value
        mean = h.sum / h.num
        std = math.sqrt(max(h.sum_squares / h.num - mean * mean, 0.0))
        print(
            f"    histograms {tag:<11} steps {steps}, {len(h.bucket)} buckets; at step "
            f"{steps[-1]}: {int(h.num)} values"
        )
        print(
            f"    {'':<22} (the buckets count {int(sum(h.bucket))}), min {h.min:.4f}, "
            f"max {h.max:.4f}, mean {mean:.4f}, std {std:.4f}"
        )


def check(accumulator, run):
    """The counts the lesson writes, as the reader sees them; returns a list of what is wrong."""
    wrong = []
    tags = accumulator.Tags()
    expected_scalars = {"epoch_loss": EPOCHS, "epoch_accuracy": EPOCHS}
    if run == "train":
        expected_scalars.update(
            {"batch_loss": EPOCHS * BATCHES, "batch_accuracy": EPOCHS * BATCHES,
             "epoch_learning_rate": EPOCHS}
        )
    for tag, count in expected_scalars.items():
        got = len(accumulator.Scalars(tag)) if tag in tags["scalars"] else 0
        if got != count:
            wrong.append(f"{run}: {tag} has {got} points, not {count}")
    if run == "train":
        for tag in TENSORS:
            got = [e.step for e in accumulator.Histograms(tag)] if tag in tags["histograms"] else []
            if got != list(range(EPOCHS + 1)):
                wrong.append(f"{run}: histogram {tag} at steps {got}, not 0 … {EPOCHS}")
            for e in accumulator.Histograms(tag) if got else []:
                h = e.histogram_value
                if sum(h.bucket) != h.num:
                    wrong.append(f"{run}: histogram {tag} at step {e.step} counts {sum(h.bucket)} of {h.num}")
    return wrong


def main():
    log_dir = sys.argv[1] if len(sys.argv) > 1 else "target/tensorboard/t07"
    wrong = []
    for run in ["train", "validation"]:
        run_dir = os.path.join(log_dir, run)
        if not os.path.isdir(run_dir):
            print(f"no folder {run_dir}: run `cargo xtask run t07` from the workspace root first")
            return 1
        files = sorted(f for f in os.listdir(run_dir) if "tfevents" in f)
        accumulator = load(run_dir)
        print(f"{run}/ ({len(files)} event file{'s' if len(files) != 1 else ''}, file_version "
              f"{accumulator.file_version!r})")
        describe_scalars(accumulator)
        describe_histograms(accumulator)
        wrong += check(accumulator, run)
    for line in wrong:
        print("MISMATCH:", line)
    if not wrong:
        print("TensorBoard's reader read everything the lesson wrote.")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
