//! The protocol buffers of a TensorBoard event file, declared in Rust.
//!
//! Each struct is a message of TensorFlow's `event.proto`, `summary.proto` and `histogram.proto`
//! (TensorBoard keeps copies in `tensorboard/compat/proto/`), cut down to the fields this lesson
//! writes and reads. `prost`'s derive turns each one into an encoder and a decoder; no `.proto`
//! file and no `protoc` run at build time. The field numbers (`tag = "…"`) are the ones in the
//! `.proto` files, and they are all that goes into the bytes: names never do. A field the structs
//! leave out (an `Event`'s `graph_def`, a `Value`'s `image`) is skipped when decoding.

// ANCHOR: messages
/// `Event` (event.proto): one record of an event file.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Event {
    /// Seconds since the Unix epoch when the event was written.
    #[prost(double, tag = "1")]
    pub wall_time: f64,
    /// The training step the event belongs to: the x axis of TensorBoard's charts.
    #[prost(int64, tag = "2")]
    pub step: i64,
    /// What happened: the file's version, or a summary of values.
    #[prost(oneof = "event::What", tags = "3, 5")]
    pub what: Option<event::What>,
}

/// The `oneof what` of [`Event`], as prost names it: a module named after the message.
pub mod event {
    /// The kinds of event this lesson knows (event.proto has more: graphs, session logs, ...).
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum What {
        /// The first event of every file: `"brain.Event:2"`.
        #[prost(string, tag = "3")]
        FileVersion(String),
        /// Values to plot, each under a tag.
        #[prost(message, tag = "5")]
        Summary(super::Summary),
    }
}

/// `Summary` (summary.proto): a set of tagged values written at one step.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Summary {
    /// The values.
    #[prost(message, repeated, tag = "1")]
    pub value: Vec<summary::Value>,
}

/// The nested messages of [`Summary`].
pub mod summary {
    /// `Summary.Value`: one tagged value.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Value {
        /// The name TensorBoard files the value under, such as `epoch_loss`.
        #[prost(string, tag = "1")]
        pub tag: String,
        /// The value itself.
        #[prost(oneof = "value::Value", tags = "2, 5")]
        pub value: Option<value::Value>,
    }

    /// The `oneof value` of [`Value`].
    pub mod value {
        /// A number for the scalars dashboard, or a histogram for the histograms dashboard.
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Value {
            /// A scalar: one point of a curve.
            #[prost(float, tag = "2")]
            SimpleValue(f32),
            /// A histogram of many values, such as a layer's weights.
            #[prost(message, tag = "5")]
            Histo(crate::proto::HistogramProto),
        }
    }
}

/// `HistogramProto` (histogram.proto): how many values fell in each bucket, and their moments.
#[derive(Clone, PartialEq, prost::Message)]
pub struct HistogramProto {
    /// The smallest value.
    #[prost(double, tag = "1")]
    pub min: f64,
    /// The largest value.
    #[prost(double, tag = "2")]
    pub max: f64,
    /// How many values there are.
    #[prost(double, tag = "3")]
    pub num: f64,
    /// Their sum.
    #[prost(double, tag = "4")]
    pub sum: f64,
    /// The sum of their squares.
    #[prost(double, tag = "5")]
    pub sum_squares: f64,
    /// The right edge of each bucket; bucket `i` spans `bucket_limit[i-1]` to `bucket_limit[i]`.
    #[prost(double, repeated, tag = "6")]
    pub bucket_limit: Vec<f64>,
    /// How many values fell in each bucket.
    #[prost(double, repeated, tag = "7")]
    pub bucket: Vec<f64>,
}
// ANCHOR_END: messages
