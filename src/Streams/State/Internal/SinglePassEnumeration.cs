namespace Streams.State.Internal;

/// <summary>
/// The once-only check behind the store iterators' <c>GetEnumerator</c>: a store iterator is its own enumerator, so a
/// second enumeration would silently continue (or see nothing) instead of starting over.
/// </summary>
internal struct SinglePassEnumeration
{
    private bool _enumerated;

    /// <summary>Marks the iterator enumerated.</summary>
    /// <exception cref="InvalidOperationException">It already was.</exception>
    public void Begin()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException(
                "A store iterator can be enumerated only once (it is its own enumerator and foreach disposed it); open a new iterator from the store to read again.");
        }

        _enumerated = true;
    }
}
