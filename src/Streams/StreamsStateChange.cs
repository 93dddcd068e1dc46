namespace Streams;

/// <summary>A state transition of a <see cref="StreamsApplication"/>.</summary>
/// <param name="OldState">The state before.</param>
/// <param name="NewState">The state after.</param>
public sealed record StreamsStateChange(StreamsState OldState, StreamsState NewState);
