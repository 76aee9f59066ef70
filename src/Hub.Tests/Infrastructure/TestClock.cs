namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>The hub's clock in tests: real time, moved forward when a test needs a deadline to pass.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
