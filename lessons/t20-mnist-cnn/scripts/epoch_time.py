"""One epoch of lesson t20's training in PyTorch, timed, for the chapter's comparison with
dfdx (`examples/epoch_time.rs` times the same epoch there). Run from the workspace root:

    MNIST_DIR=../shared/datasets/mnist ~/.cache/peers-venv/bin/python \
        lessons/t20-mnist-cnn/scripts/epoch_time.py

The same network (conv 1->8 3x3, ReLU, max-pool 2, conv 8->16 3x3, ReLU, max-pool 2, flatten,
linear 400->10), the same optimizer (Adam, learning rate 0.002), batches of 32 with the last
partial batch dropped, two threads, on the training images of the MNIST files in MNIST_DIR. Each
step does what kit::train's loop does: zero the gradients, forward, cross-entropy, backward,
Adam's step, and read the loss and the number of right answers. Three epochs are timed one by
one; the script prints each and their median."""
import gzip, os, statistics, time
import numpy as np, torch
from torch import nn

DATA = os.environ.get("MNIST_DIR", "../shared/datasets/mnist")
BATCH, EPOCHS, LEARNING_RATE = 32, 3, 2e-3


def read_idx(name):
    path = os.path.join(DATA, name)
    opener = gzip.open if os.path.exists(path + ".gz") else open
    with opener(path + ".gz" if opener is gzip.open else path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = np.frombuffer(raw, ">u4", count=ndim, offset=4)
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


torch.set_num_threads(2)
torch.manual_seed(0)
images = read_idx("train-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0
x = torch.from_numpy(images)
y = torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))

model = nn.Sequential(
    nn.Unflatten(1, (1, 28, 28)),
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(400, 10),
)
adam = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
loss_fn = nn.CrossEntropyLoss()

seconds = []
for epoch in range(1, EPOCHS + 1):
    start = time.perf_counter()
    order = torch.randperm(len(x))
    steps, loss_sum, right = len(x) // BATCH, 0.0, 0
    for k in range(steps):
        rows = order[k * BATCH:(k + 1) * BATCH]
        adam.zero_grad()
        logits = model(x[rows])
        loss = loss_fn(logits, y[rows])
        loss.backward()
        adam.step()
        loss_sum += loss.item()
        right += (logits.argmax(1) == y[rows]).sum().item()
    elapsed = time.perf_counter() - start
    print(f"epoch {epoch}: {elapsed:.3f} s for {steps} steps of {BATCH} ({len(x)} images), "
          f"loss {loss_sum / steps:.3f}")
    seconds.append(elapsed)
print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads: "
      f"median {statistics.median(seconds):.3f} s per epoch of {len(x)} images")
