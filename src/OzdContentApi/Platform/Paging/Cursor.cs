using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Microsoft.OpenApi;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;

namespace OzdContentApi.Platform.Paging;

/// <summary>
/// A keyset position in one list, opaque to clients: base64url of a kind byte (which kind of
/// position), the list's <see cref="ListScope"/> (which list: its route and filters) and the
/// position's fields, big-endian. The one codec of every list, the change feed's token included
/// (a token has no scope: the feed has no filters, and apps keep their token for as long as they
/// sync); a position type says which fields it has (<see cref="ICursorPosition{TSelf}"/>).
/// </summary>
public readonly struct Cursor : IParameterType<Cursor>
{
    public const int MaxLength = 300;
    public const string InvalidMessage = "Not a cursor of this list. Send back the nextCursor of the previous page unchanged.";

    private readonly byte[] _bytes;

    private Cursor(byte[] bytes) => _bytes = bytes;

    public static string Expectation => InvalidMessage;

    public static IOpenApiSchema Schema => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxLength };

    public static bool TryParse(string? s, IFormatProvider? provider, out Cursor result)
    {
        result = default;
        // Cursors are written without padding. IsValid checks the alphabet first (TryDecode throws
        // on characters outside it), and TryDecode still throws on some padded forms IsValid takes ("AA=").
        if (s is null || s.Length is 0 or > MaxLength || s.Contains('=') || !Base64Url.IsValid(s, out var length) || length < 1)
            return false;
        var bytes = new byte[length];
        try
        {
            if (!Base64Url.TryDecodeFromChars(s, bytes, out var written) || written != length)
                return false;
        }
        catch (FormatException)
        {
            return false;
        }
        result = new Cursor(bytes);
        return true;
    }

    /// <summary>A position in the list <paramref name="scope"/> names.</summary>
    public static string Encode<T>(T position, ListScope scope) where T : struct, ICursorPosition<T> => Write(position, scope);

    /// <summary>A position with no list scope (the change feed's token).</summary>
    public static string Encode<T>(T position) where T : struct, ICursorPosition<T> => Write(position, null);

    private static string Write<T>(T position, ListScope? scope) where T : struct, ICursorPosition<T>
    {
        var writer = new CursorWriter();
        writer.Byte(T.Kind);
        if (scope is { } list)
            writer.Int32(list.Value);
        position.Write(writer);
        return Base64Url.EncodeToString(writer.ToArray());
    }

    /// <summary>
    /// The position this cursor holds if it was made by the list <paramref name="scope"/> names, as
    /// a <typeparamref name="T"/>; otherwise an error at <paramref name="parameter"/>.
    /// </summary>
    public T? As<T>(RequestErrors errors, ListScope scope, string parameter = "cursor") where T : struct, ICursorPosition<T>
    {
        var reader = new CursorReader(_bytes ?? []);
        if (reader.Byte() == T.Kind && reader.Int32() == scope.Value && T.TryRead(reader) is { } position && reader.AtEnd)
            return position;
        errors.Add(parameter, InvalidMessage);
        return null;
    }

    /// <summary>Decodes <paramref name="text"/> as a position of <typeparamref name="T"/> with no list scope, or null.</summary>
    public static T? Decode<T>(string? text) where T : struct, ICursorPosition<T>
    {
        if (!TryParse(text, null, out var cursor))
            return null;
        var reader = new CursorReader(cursor._bytes);
        return reader.Byte() == T.Kind && T.TryRead(reader) is { } position && reader.AtEnd ? position : null;
    }
}

/// <summary>
/// Which list a cursor belongs to: its route and the filters it was read with, hashed (SHA-256,
/// four bytes; the same on every instance). A cursor of /v1/articles is then refused by a
/// person's articles or a feed, and one of ?q=Ukraine by ?q=Miami, though their positions have
/// the same fields.
/// </summary>
public readonly record struct ListScope(int Value)
{
    /// <param name="route">The list's route, e.g. "/v1/persons/{idOrSlug}/articles".</param>
    /// <param name="filters">What selects the list's items, as the endpoint read them (not limit or cursor).</param>
    public static ListScope Of(string route, params object?[] filters)
    {
        var text = string.Join("\u001f", filters.Select(f => Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture) ?? "\u0000").Prepend(route));
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new ListScope(BinaryPrimitives.ReadInt32BigEndian(hash));
    }
}

/// <summary>A position in one list: its kind byte and its fields.</summary>
public interface ICursorPosition<TSelf> where TSelf : struct, ICursorPosition<TSelf>
{
    /// <summary>Which list the position belongs to; a cursor of another list is refused.</summary>
    static abstract byte Kind { get; }

    void Write(CursorWriter writer);

    /// <returns>null when the fields are not a valid position.</returns>
    static abstract TSelf? TryRead(CursorReader reader);
}

public sealed class CursorWriter
{
    private readonly List<byte> _bytes = new(32);

    public void Byte(byte value) => _bytes.Add(value);

    public void Int32(int value)
    {
        Span<byte> span = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(span, value);
        _bytes.AddRange(span);
    }

    public void Int64(long value)
    {
        Span<byte> span = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(span, value);
        _bytes.AddRange(span);
    }

    public void Double(double value)
    {
        Span<byte> span = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(span, value);
        _bytes.AddRange(span);
    }

    public void Time(DateTime value) => Int64(value.Ticks);

    public void Guid(Guid value)
    {
        Span<byte> span = stackalloc byte[16];
        value.TryWriteBytes(span, bigEndian: true, out _);
        _bytes.AddRange(span);
    }

    /// <summary>ASCII to the end: only as the last field.</summary>
    public void AsciiRest(string value) => _bytes.AddRange(Encoding.ASCII.GetBytes(value));

    public byte[] ToArray() => [.. _bytes];
}

/// <summary>Reads fields back; any read past the end makes <see cref="Failed"/> true instead of throwing.</summary>
public sealed class CursorReader(byte[] bytes)
{
    private int _offset;

    public bool Failed { get; private set; }

    public bool AtEnd => !Failed && _offset == bytes.Length;

    public byte Byte() => Take(1, out var span) ? span[0] : (byte)0;

    public int Int32() => Take(4, out var span) ? BinaryPrimitives.ReadInt32BigEndian(span) : 0;

    public long Int64() => Take(8, out var span) ? BinaryPrimitives.ReadInt64BigEndian(span) : 0;

    public double Double() => Take(8, out var span) ? BinaryPrimitives.ReadDoubleBigEndian(span) : double.NaN;

    /// <returns>The time, or null when the ticks are out of range.</returns>
    public DateTime? Time() => Int64() is var ticks and >= 0 and <= 3155378975999999999 && !Failed
        ? new DateTime(ticks, DateTimeKind.Utc)
        : null;

    public Guid Guid() => Take(16, out var span) ? new Guid(span, bigEndian: true) : System.Guid.Empty;

    public string AsciiRest()
    {
        var rest = bytes.AsSpan(_offset);
        _offset = bytes.Length;
        foreach (var b in rest)
        {
            if (b > 127)
            {
                Failed = true;
                return "";
            }
        }
        return Encoding.ASCII.GetString(rest);
    }

    private bool Take(int count, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (Failed || _offset + count > bytes.Length)
        {
            Failed = true;
            return false;
        }
        span = bytes.AsSpan(_offset, count);
        _offset += count;
        return true;
    }
}
