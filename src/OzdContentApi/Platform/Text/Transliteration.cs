using System.Collections.Frozen;

namespace OzdContentApi.Platform.Text;

/// <summary>
/// Latin letters with diacritics to plain ASCII, from a table in this file rather than from
/// Unicode normalisation: the service runs with InvariantGlobalization, where
/// <c>string.Normalize</c> does nothing, and a slug must not lose letters there. German letters
/// become their German spellings (ä→ae, ö→oe, ü→ue, ß→ss); others lose their marks (é→e, ł→l).
/// Generated from Unicode's decompositions of U+00C0–U+024F and U+1E00–U+1EFF plus the letters
/// that have none (ø, ł, đ, þ, æ, œ, ŋ, ı, ß), and the digraphs and ligatures that are one
/// character for two or three letters (ǅ, ǉ, ǌ, ﬁ, ﬃ…).
/// </summary>
public static class Transliteration
{
    private static readonly (string Ascii, string Letters)[] Table =
    [
        ("a", "ÀÁÂÃÅàáâãåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ"),
        ("ae", "ÄÆäæ"),
        ("b", "ḂḃḄḅḆḇ"),
        ("c", "ÇçĆćĈĉĊċČčḈḉ"),
        ("d", "ÐðĎďĐđḊḋḌḍḎḏḐḑḒḓ"),
        ("dz", "ǄǅǆǱǲǳ"),
        ("e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚěƏȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ"),
        ("f", "ƒḞḟ"),
        ("ff", "ﬀ"),
        ("ffi", "ﬃ"),
        ("ffl", "ﬄ"),
        ("fi", "ﬁ"),
        ("fl", "ﬂ"),
        ("g", "ĜĝĞğĠġĢģǦǧǴǵḠḡ"),
        ("h", "ĤĥĦħȞȟḢḣḤḥḦḧḨḩḪḫẖ"),
        ("i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐȈȉȊȋḬḭḮḯỈỉỊị"),
        ("ij", "Ĳĳ"),
        ("j", "Ĵĵǰ"),
        ("k", "ĶķĸǨǩḰḱḲḳḴḵ"),
        ("l", "ĹĺĻļĽľĿŀŁłḶḷḸḹḺḻḼḽ"),
        ("lj", "Ǉǈǉ"),
        ("m", "ḾḿṀṁṂṃ"),
        ("n", "ÑñŃńŅņŇňŉǸǹṄṅṆṇṈṉṊṋ"),
        ("ng", "Ŋŋ"),
        ("nj", "Ǌǋǌ"),
        ("o", "ÒÓÔÕØòóôõøŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ"),
        ("oe", "ÖöŒœ"),
        ("p", "ṔṕṖṗ"),
        ("r", "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ"),
        ("s", "ŚśŜŝŞşŠšſȘșṠṡṢṣṤṥṦṧṨṩ"),
        ("ss", "ßẞ"),
        ("st", "ﬅﬆ"),
        ("t", "ŢţŤťȚțṪṫṬṭṮṯṰṱẗ"),
        ("th", "Þþ"),
        ("u", "ÙÚÛùúûŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự"),
        ("ue", "Üü"),
        ("v", "ṼṽṾṿ"),
        ("w", "ŴŵẀẁẂẃẄẅẆẇẈẉẘ"),
        ("x", "ẊẋẌẍ"),
        ("y", "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ"),
        ("z", "ŹźŻżŽžẐẑẒẓẔẕ"),
    ];

    private static readonly FrozenDictionary<char, string> ByLetter = Table
        .SelectMany(row => row.Letters.Select(letter => (letter, row.Ascii)))
        .ToFrozenDictionary(p => p.letter, p => p.Ascii);

    /// <summary>The ASCII for one letter, lowercase; null when the table has none.</summary>
    public static string? Of(char letter) => letter switch
    {
        // Fullwidth Latin letters and digits (ＡＢＣ, ０１２), as East Asian input methods type them.
        >= '\uFF10' and <= '\uFF19' or >= '\uFF41' and <= '\uFF5A' => ((char)(letter - 0xFEE0)).ToString(),
        >= '\uFF21' and <= '\uFF3A' => ((char)(letter - 0xFEE0 + 32)).ToString(),
        _ => ByLetter.GetValueOrDefault(letter),
    };

    /// <summary>Characters that are not seen (zero-width space and joiners, word joiner, BOM, soft hyphen): no letter and no gap.</summary>
    public static bool IsInvisible(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD';

    /// <summary>Combining marks (U+0300–U+036F) that decomposed text (NFD) puts after a letter.</summary>
    public static bool IsCombiningMark(char c) => c is >= '\u0300' and <= '\u036F';

    /// <summary>The combining diaeresis: after a, o or u in German text it is an umlaut (u + ◌̈ → ue).</summary>
    public const char CombiningDiaeresis = '\u0308';
}
