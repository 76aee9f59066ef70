namespace OneThing.Hub.Infrastructure;

/// <summary>
/// Marks an endpoint that reads its body itself, as bytes of whatever media type (an uploaded file), up to
/// <see cref="MaxBytes"/>. <see cref="Hardening"/> then neither refuses it for not being JSON nor holds it to the 1 MiB
/// of every other body; the endpoint checks the content and the size as it reads.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RawBodyAttribute(long maxBytes) : Attribute
{
    public long MaxBytes { get; } = maxBytes;
}
