using FluentValidation;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Articles.Newsroom;

/// <summary>The article's lead image, as data a frontend renders responsively.</summary>
public sealed record LeadImage
{
    /// <summary>The image itself: an absolute http(s) URL.</summary>
    public required string Url { get; init; }

    /// <summary>Width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>What the image shows, for screen readers; required unless the image is decorative.</summary>
    public required string? Alt { get; init; }

    /// <summary>True when the image adds nothing a reader needs (then alt may be null).</summary>
    public required bool Decorative { get; init; }

    public required string? Caption { get; init; }

    /// <summary>Who took or supplied it ("AFP"); the article's imageCredit follows it.</summary>
    public required string? Credit { get; init; }

    public required string? Copyright { get; init; }

    /// <summary>The point that must stay in view when the image is cropped, 0–1 from the top left.</summary>
    public required FocalPoint? FocalPoint { get; init; }

    /// <summary>Other sizes of the same image, narrowest first.</summary>
    public required IReadOnlyList<Rendition> Renditions { get; init; }
}

public sealed record FocalPoint
{
    /// <summary>0 (left edge) to 1 (right edge).</summary>
    public required double X { get; init; }

    /// <summary>0 (top edge) to 1 (bottom edge).</summary>
    public required double Y { get; init; }
}

public sealed record Rendition
{
    public required string Url { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }
}

/// <summary>A lead image as written: every field nullable so a missing one is named by validation.</summary>
public sealed record LeadImageInput
{
    public string? Url { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Alt { get; init; }
    public bool? Decorative { get; init; }
    public string? Caption { get; init; }
    public string? Credit { get; init; }
    public string? Copyright { get; init; }
    public FocalPointInput? FocalPoint { get; init; }
    public IReadOnlyList<RenditionInput>? Renditions { get; init; }

    public LeadImage ToLeadImage() => new()
    {
        Url = Url!, Width = Width!.Value, Height = Height!.Value, Alt = Alt, Decorative = Decorative ?? false,
        Caption = Caption, Credit = Credit, Copyright = Copyright,
        FocalPoint = FocalPoint is { } point ? new FocalPoint { X = point.X!.Value, Y = point.Y!.Value } : null,
        Renditions = (Renditions ?? []).Select(r => new Rendition { Url = r.Url!, Width = r.Width!.Value, Height = r.Height!.Value })
            .OrderBy(r => r.Width).ThenBy(r => r.Height).ToList(),
    };
}

public sealed record FocalPointInput
{
    public double? X { get; init; }
    public double? Y { get; init; }
}

public sealed record RenditionInput
{
    public string? Url { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
}

public static class LeadImageLimits
{
    public const int Url = 2_000;
    public const int Text = 1_000;
    public const int Pixels = 100_000;
    public const int Renditions = 20;
}

public sealed class LeadImageInputValidator : AbstractValidator<LeadImageInput>
{
    public LeadImageInputValidator()
    {
        RuleFor(x => x.Url).RequiredText(LeadImageLimits.Url).Must(WebUrls.IsAbsoluteHttp).WithMessage(WebUrls.Message);
        RuleFor(x => x.Width).NotNull().WithMessage("Required.").InclusiveBetween(1, LeadImageLimits.Pixels);
        RuleFor(x => x.Height).NotNull().WithMessage("Required.").InclusiveBetween(1, LeadImageLimits.Pixels);
        RuleFor(x => x.Alt).OptionalText(LeadImageLimits.Text);
        RuleFor(x => x.Alt).Must((image, alt) => image.Decorative == true || !string.IsNullOrWhiteSpace(alt))
            .WithMessage("Required unless decorative is true: say what the image shows.");
        RuleFor(x => x.Caption).OptionalText(LeadImageLimits.Text);
        RuleFor(x => x.Credit).OptionalText(200);
        RuleFor(x => x.Copyright).OptionalText(200);
        RuleFor(x => x.FocalPoint).SetValidator(new FocalPointInputValidator()!);
        RuleFor(x => x.Renditions).SetValidator(new ItemCountValidator<LeadImageInput, RenditionInput>(0, LeadImageLimits.Renditions));
        RuleForEach(x => x.Renditions).NotNull().SetValidator(new RenditionInputValidator());
    }
}

public sealed class FocalPointInputValidator : AbstractValidator<FocalPointInput>
{
    public FocalPointInputValidator()
    {
        RuleFor(x => x.X).NotNull().WithMessage("Required.").InclusiveBetween(0, 1);
        RuleFor(x => x.Y).NotNull().WithMessage("Required.").InclusiveBetween(0, 1);
    }
}

public sealed class RenditionInputValidator : AbstractValidator<RenditionInput>
{
    public RenditionInputValidator()
    {
        RuleFor(x => x.Url).RequiredText(LeadImageLimits.Url).Must(WebUrls.IsAbsoluteHttp).WithMessage(WebUrls.Message);
        RuleFor(x => x.Width).NotNull().WithMessage("Required.").InclusiveBetween(1, LeadImageLimits.Pixels);
        RuleFor(x => x.Height).NotNull().WithMessage("Required.").InclusiveBetween(1, LeadImageLimits.Pixels);
    }
}
