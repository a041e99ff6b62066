using System.Text.Json;
using System.Text.Json.Serialization;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Every time leaves in UTC with <c>Z</c>, whatever kind the value had: a time without a zone
/// means nothing to a client. Reading is System.Text.Json's own ISO 8601 reading (a value
/// without a zone stays unspecified, so validation can refuse it), cut to microseconds: what
/// PostgreSQL keeps, so a time reads back from every endpoint as it was stored.
/// </summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTime();
        return value.AddTicks(-(value.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        });
}
