using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Platform.Paging;

/// <summary>
/// Keyset position in a list ordered by publication time, newest first: the last item's
/// <c>publishedAt</c> and id, and for section lists the position inside that article.
/// Encoded as base64url bytes with a leading kind, so a cursor of one list is refused by another.
/// </summary>
public readonly record struct PublishedCursor(DateTime PublishedAt, Guid Id, int Position = 0)
{
    private const int Length = 1 + 8 + 16 + 4;

    public string Encode(char kind)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], PublishedAt.Ticks);
        Id.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes[25..], Position);
        return Base64Url.EncodeToString(bytes);
    }

    public static PublishedCursor? Parse(string? text, char kind, RequestErrors errors)
    {
        if (text is null)
            return null;
        Span<byte> bytes = stackalloc byte[Length + 3];
        // TryDecode throws on characters outside the alphabet; IsValid checks them first.
        if (text.Length <= 64 && Base64Url.IsValid(text, out var length) && length == Length
            && Base64Url.TryDecodeFromChars(text, bytes, out _) && bytes[0] == (byte)kind)
        {
            var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
            var position = BinaryPrimitives.ReadInt32BigEndian(bytes[25..]);
            if (ticks is >= 0 and <= 3155378975999999999 && position >= 0)
                return new PublishedCursor(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[9..25], bigEndian: true), position);
        }
        errors.Add("cursor", InvalidMessage);
        return null;
    }

    public const string InvalidMessage = "Not a cursor of this list. Send back the nextCursor of the previous page unchanged.";
}

/// <summary>Keyset position in a list ordered by slug.</summary>
public static class SlugCursor
{
    private const byte Kind = (byte)'p';

    public static string Encode(string slug) => Base64Url.EncodeToString([Kind, .. Encoding.ASCII.GetBytes(slug)]);

    public static string? Parse(string? text, RequestErrors errors)
    {
        if (text is null)
            return null;
        var bytes = new byte[IdOrSlug.SlugMaxLength + 4];
        if (text.Length <= 300 && Base64Url.IsValid(text, out var written) && written is > 1 and <= IdOrSlug.SlugMaxLength + 1
            && Base64Url.TryDecodeFromChars(text, bytes, out _) && bytes[0] == Kind)
        {
            var slug = Encoding.ASCII.GetString(bytes, 1, written - 1);
            if (IdOrSlug.IsSlug(slug))
                return slug;
        }
        errors.Add("cursor", PublishedCursor.InvalidMessage);
        return null;
    }
}

/// <summary>Keyset position in a list ordered by a time-ordered UUID (v7).</summary>
public static class IdCursor
{
    public const byte KeyKind = (byte)'k';

    public static string Encode(byte kind, Guid id)
    {
        Span<byte> bytes = stackalloc byte[17];
        bytes[0] = kind;
        id.TryWriteBytes(bytes[1..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static Guid? Parse(string? text, byte kind, RequestErrors errors)
    {
        if (text is null)
            return null;
        Span<byte> bytes = stackalloc byte[20];
        if (text.Length <= 40 && Base64Url.IsValid(text, out var length) && length == 17
            && Base64Url.TryDecodeFromChars(text, bytes, out _) && bytes[0] == kind)
            return new Guid(bytes[1..17], bigEndian: true);
        errors.Add("cursor", PublishedCursor.InvalidMessage);
        return null;
    }
}

/// <summary>Keyset position in a list of versions, newest first.</summary>
public static class VersionCursor
{
    private const byte Kind = (byte)'v';

    public static string Encode(int version)
    {
        Span<byte> bytes = stackalloc byte[5];
        bytes[0] = Kind;
        BinaryPrimitives.WriteInt32BigEndian(bytes[1..], version);
        return Base64Url.EncodeToString(bytes);
    }

    public static int? Parse(string? text, RequestErrors errors)
    {
        if (text is null)
            return null;
        Span<byte> bytes = stackalloc byte[8];
        if (text.Length <= 16 && Base64Url.IsValid(text, out var length) && length == 5
            && Base64Url.TryDecodeFromChars(text, bytes, out _) && bytes[0] == Kind
            && BinaryPrimitives.ReadInt32BigEndian(bytes[1..]) is var version and > 0)
            return version;
        errors.Add("cursor", PublishedCursor.InvalidMessage);
        return null;
    }
}
