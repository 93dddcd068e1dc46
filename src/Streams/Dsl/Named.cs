namespace Streams.Dsl;

/// <summary>
/// Names the processor an operator creates, as Kafka Streams' <c>Named</c>. Without it, names are
/// generated as <c>KSTREAM-{OPERATOR}-{index:D10}</c>, as in Kafka Streams.
/// </summary>
public sealed record Named
{
    private Named(string name) => Name = name;

    /// <summary>The processor name.</summary>
    public string Name { get; }

    /// <summary>Creates a name.</summary>
    /// <param name="name">The processor name; letters, digits, '.', '_' and '-' only, at most 249 characters (it may name topics).</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">The name is empty, too long, has other characters, or is <c>.</c> or <c>..</c> (as Kafka Streams' <c>Named</c>).</exception>
    public static Named As(string name)
    {
        Validate(name);
        return new Named(name);
    }

    internal static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 249 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            throw new ArgumentException($"Name '{name}' is illegal: use at most 249 ASCII letters, digits, '.', '_' or '-'.", nameof(name));
        }

        // As Kafka Streams' Named.validate: "." and ".." are not names (they are folders: a store's would leave the state directory).
        if (name is "." or "..")
        {
            throw new ArgumentException($"Name '{name}' is illegal: '.' and '..' are not names.", nameof(name));
        }
    }
}
