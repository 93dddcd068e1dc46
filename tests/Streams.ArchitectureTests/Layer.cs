namespace Streams.ArchitectureTests;

/// <summary>
/// One layer of the Streams assembly: the namespaces it owns (with their sub-namespaces) and the types of the root
/// <c>Streams</c> namespace it owns (the root holds types of several layers: the vocabulary every layer uses, the
/// topology, the configuration, and the <c>StreamsApplication</c> facade).
/// </summary>
/// <param name="Name">The layer's name in messages and docs/architecture.md.</param>
/// <param name="Namespaces">Owned namespaces, e.g. <c>Streams.State</c> (which includes <c>Streams.State.Internal</c>).</param>
/// <param name="RootTypes">Owned types of the root namespace, by simple name (generic arity and nested types included).</param>
internal sealed record Layer(string Name, string[] Namespaces, string[] RootTypes)
{
    /// <summary>Whether <paramref name="type"/> belongs to this layer.</summary>
    public bool Owns(Type type)
    {
        var outer = type;
        while (outer.DeclaringType is { } declaring)
        {
            outer = declaring;
        }

        if (outer.Namespace == "Streams")
        {
            var name = outer.Name.Split('`')[0];
            return RootTypes.Contains(name);
        }

        return Namespaces.Any(ns => outer.Namespace == ns || outer.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true);
    }

    /// <summary>The names NetArchTest matches dependencies on: the namespaces, and the root types by full name.</summary>
    public string[] DependencyNames => [.. Namespaces, .. RootTypes.Select(t => "Streams." + t)];

    /// <inheritdoc />
    public override string ToString() => Name;
}
