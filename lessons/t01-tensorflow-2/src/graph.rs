//! A TEACHING MODEL of TensorFlow 1.x's deferred execution, written for this lesson: not a
//! library, not part of dfdx, and not how TensorFlow is implemented.
//!
//! In TensorFlow 1.x a program first *built* a graph of operations, in which nothing was
//! computed, and then *ran* it in a `tf.Session`, feeding a value to every placeholder the result
//! depended on. This module keeps only that idea: an expression is a tree of [`Node`]s holding
//! scalars, building it computes nothing, and [`run`] evaluates it with the values fed to its
//! placeholders, or refuses with TensorFlow 1.x's message when one was not fed. Real TensorFlow
//! graphs hold typed, shaped tensors, share nodes between expressions, live in a global default
//! graph, and are optimised before they run; none of that is modelled here.

use std::error::Error;
use std::fmt;
use std::ops::{Add, Mul};

// ANCHOR: node
/// One node of a deferred expression. Building a node computes nothing: it only records which
/// operation to apply to which inputs when the expression is run.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A value given only when the expression is run: `tf.placeholder(tf.float32, name=...)`.
    Placeholder(String),
    /// A value fixed when the expression is built: `tf.constant(...)`.
    Constant(f32),
    /// The sum of two nodes: `a + b`.
    Add(Box<Node>, Box<Node>),
    /// The product of two nodes: `a * b`.
    Mul(Box<Node>, Box<Node>),
    /// The exponential of a node: `tf.exp(a)`.
    Exp(Box<Node>),
}

/// A placeholder named `name`, to be fed when the expression is run.
pub fn placeholder(name: &str) -> Node {
    Node::Placeholder(name.to_string())
}

/// A constant.
pub fn constant(value: f32) -> Node {
    Node::Constant(value)
}

/// The exponential of `x`, as a node.
pub fn exp(x: Node) -> Node {
    Node::Exp(Box::new(x))
}
// ANCHOR_END: node

/// `a + b` builds an `Add` node; a plain `f32` on either side becomes a constant, as a Python
/// float does in TensorFlow.
impl<R: Into<Node>> Add<R> for Node {
    type Output = Node;
    fn add(self, rhs: R) -> Node {
        Node::Add(Box::new(self), Box::new(rhs.into()))
    }
}

/// `a * b` builds a `Mul` node.
impl<R: Into<Node>> Mul<R> for Node {
    type Output = Node;
    fn mul(self, rhs: R) -> Node {
        Node::Mul(Box::new(self), Box::new(rhs.into()))
    }
}

/// `3.0 * x` builds a `Mul` node whose left input is a constant.
impl Mul<Node> for f32 {
    type Output = Node;
    fn mul(self, rhs: Node) -> Node {
        constant(self) * rhs
    }
}

impl From<f32> for Node {
    fn from(value: f32) -> Node {
        constant(value)
    }
}

/// Prints an expression with every operation in parentheses: `((x * x) + (3 * x))`.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Placeholder(name) => write!(f, "{name}"),
            Node::Constant(value) => write!(f, "{value}"),
            Node::Add(a, b) => write!(f, "({a} + {b})"),
            Node::Mul(a, b) => write!(f, "({a} * {b})"),
            Node::Exp(a) => write!(f, "exp({a})"),
        }
    }
}

// ANCHOR: run
/// Why running an expression failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The expression needs a placeholder that was not fed.
    MissingFeed {
        /// The placeholder's name.
        placeholder: String,
    },
}

/// The message TensorFlow 1.x gave (as an `InvalidArgumentError`) for the same mistake.
impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::MissingFeed { placeholder } => write!(
                f,
                "You must feed a value for placeholder tensor '{placeholder}' with dtype float"
            ),
        }
    }
}

impl Error for RunError {}

/// Runs `node` with the placeholder values in `feeds`: `session.run(node, feed_dict=feeds)`.
/// This is the only place where anything is computed.
///
/// # Errors
///
/// [`RunError::MissingFeed`] if the expression reaches a placeholder that `feeds` does not name.
pub fn run(node: &Node, feeds: &[(&str, f32)]) -> Result<f32, RunError> {
    Ok(match node {
        Node::Placeholder(name) => feeds
            .iter()
            .find(|(fed, _)| fed == name)
            .map(|&(_, value)| value)
            .ok_or_else(|| RunError::MissingFeed {
                placeholder: name.clone(),
            })?,
        Node::Constant(value) => *value,
        Node::Add(a, b) => run(a, feeds)? + run(b, feeds)?,
        Node::Mul(a, b) => run(a, feeds)? * run(b, feeds)?,
        Node::Exp(a) => run(a, feeds)?.exp(),
    })
}
// ANCHOR_END: run

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_computes_nothing_and_running_computes() {
        let x = placeholder("x");
        let y = x.clone() * x + 3.0 * placeholder("x");
        assert_eq!(y.to_string(), "((x * x) + (3 * x))");
        assert_eq!(run(&y, &[("x", 2.0)]), Ok(10.0));
        assert_eq!(run(&(exp(constant(0.0)) + 1.0), &[]), Ok(2.0));
    }

    #[test]
    fn an_unfed_placeholder_is_an_error_that_names_it() {
        let y = placeholder("x") * placeholder("w");
        let err = run(&y, &[("x", 1.0)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "You must feed a value for placeholder tensor 'w' with dtype float"
        );
    }
}
