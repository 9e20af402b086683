//! A typed append-only arena with spans, as in naga.

use crate::source::Span;
use std::fmt;
use std::marker::PhantomData;

/// A typed index into an [`Arena`].
pub struct Handle<T> {
    index: u32,
    _marker: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    /// The raw index (stable for the arena's life).
    pub fn index(self) -> usize {
        self.index as usize
    }

    /// A handle from a raw index; only meaningful for the arena that
    /// produced the index.
    pub fn from_index(index: usize) -> Self {
        Self {
            index: index as u32,
            _marker: PhantomData,
        }
    }
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Handle<T> {}
impl<T> PartialEq for Handle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<T> Eq for Handle<T> {}
impl<T> PartialOrd for Handle<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Handle<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl<T> std::hash::Hash for Handle<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}
impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "%{}", self.index)
    }
}

/// An append-only store of `T` with one span per element.
#[derive(Clone)]
pub struct Arena<T> {
    items: Vec<T>,
    spans: Vec<Span>,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            spans: Vec::new(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Arena<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.items.iter().enumerate())
            .finish()
    }
}

impl<T> Arena<T> {
    /// An empty arena.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a value and returns its handle.
    pub fn append(&mut self, value: T, span: Span) -> Handle<T> {
        self.items.push(value);
        self.spans.push(span);
        Handle::from_index(self.items.len() - 1)
    }

    /// The value behind a handle, or `None` for a handle from elsewhere.
    pub fn try_get(&self, h: Handle<T>) -> Option<&T> {
        self.items.get(h.index())
    }

    /// The value behind a handle of this arena.
    ///
    /// Handles are only made by [`Arena::append`]; the validator checks that
    /// every handle in a function is in range before back ends index.
    pub fn get(&self, h: Handle<T>) -> &T {
        &self.items[h.index()]
    }

    /// Mutable access (for passes that rewrite in place).
    pub fn get_mut(&mut self, h: Handle<T>) -> &mut T {
        &mut self.items[h.index()]
    }

    /// The span recorded for a handle.
    pub fn span(&self, h: Handle<T>) -> Span {
        self.spans.get(h.index()).copied().unwrap_or_default()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All handles and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (Handle<T>, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, v)| (Handle::from_index(i), v))
    }
}

impl<T> std::ops::Index<Handle<T>> for Arena<T> {
    type Output = T;
    fn index(&self, h: Handle<T>) -> &T {
        self.get(h)
    }
}
