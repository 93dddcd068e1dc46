using System.Runtime.CompilerServices;

namespace Streams.Hosting.Internal;

/// <summary>
/// What one <c>AddStreams</c> call shares between its registrations: the configuration section the options
/// are bound from (to name keys in errors) and the binding problems found per options instance, which the
/// validator reports together with its own checks. Registered as a singleton; its presence marks that
/// <c>AddStreams</c> was called.
/// </summary>
internal sealed class StreamsHostingContext
{
    private readonly ConditionalWeakTable<StreamsOptions, List<string>> _bindingErrors = [];

    /// <summary>
    /// The path of the configuration section bound last (<c>""</c> for the configuration root), or null when the
    /// options are not bound from configuration.
    /// </summary>
    public string? SectionPath { get; set; }

    /// <summary>The name to show for a setting: its configuration key when bound from configuration, else <c>StreamsOptions.{property}</c>.</summary>
    public string Key(string property) => SectionPath switch
    {
        null => "StreamsOptions." + property,
        "" => property,
        var path => path + ":" + property,
    };

    public void AddBindingErrors(StreamsOptions options, IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            _bindingErrors.GetOrCreateValue(options).AddRange(errors);
        }
    }

    public IReadOnlyList<string> BindingErrors(StreamsOptions options) =>
        _bindingErrors.TryGetValue(options, out var errors) ? errors : [];
}
