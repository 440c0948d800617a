//! The data sets the lessons train on.
//!
//! Nothing trains on data yet: p01 and p02 need none. MNIST (an embedded sample and the full set
//! on demand) and the toy sets of the playground lesson will live here, behind one API, so that
//! no lesson carries its own loader.
