using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Platform.Http;
using static OzdContentApi.Articles.ArticleTransaction;

namespace OzdContentApi.Articles;

/// <summary>
/// Every change an article can go through, each a decision over what <see cref="ArticleTransaction"/>
/// read: create, replace, publish, unpublish, delete, and the writes to one section (which are
/// writes to the article: its If-Match, its version).
/// </summary>
public sealed class ArticleWriter(ArticleTransaction transaction)
{
    /// <param name="alongside">Statements for the same transaction, given the saved article (an importer records its source).</param>
    public Task<WriteOutcome> CreateAsync(ArticleInput input, CancellationToken ct, Action<ArticleWriteBatch, Article>? alongside = null) =>
        transaction.RunAsync(new Needs(null, Links(input), input.Slug, input.Title), [], state =>
            new Decision.Save(FromInput(input, Guid.CreateVersion7(), state.Slug!, state, current: null) with
            {
                Status = ArticleStatus.Draft, PublishedAt = null, CreatedAt = state.Now, Version = 1,
            }, ContentChanged: true), ct, alongside);

    /// <summary>Replaces everything but status and publication time; an omitted slug keeps the current one.</summary>
    public Task<WriteOutcome> ReplaceAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, ArticleInput input, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, Links(input), input.Slug), ifMatch, state =>
        {
            var current = state.Current!;
            if (KeptSectionIdProblems(input.Sections ?? [], current.Sections.Select(s => s.Id).ToHashSet()) is { } invalid)
                return invalid;
            var after = FromInput(input, current.Id, state.Slug ?? current.Slug, state, current);
            if (CorrectedSectionRemoved(current, after.Sections) is { } conflict)
                return conflict;
            return new Decision.Save(after, ContentChanged: true);
        }, ct);

    /// <summary>
    /// Publishes now, at a past time given, or schedules for a future one, optionally under an
    /// embargo until a future time (readable by syndication keys until then). An article already
    /// published keeps its publication time unless a new one is given; publishing without an
    /// embargo lifts one.
    /// </summary>
    public Task<WriteOutcome> PublishAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, DateTime? publishAt, DateTime? embargoedUntil,
        CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, []), ifMatch, state =>
        {
            var current = state.Current!;
            var embargo = embargoedUntil?.ToUniversalTime();
            if (embargo <= state.Now)
                return WriteOutcome.At("embargoedUntil", "An embargo lies in the future; to publish now, omit embargoedUntil.");
            var at = publishAt?.ToUniversalTime()
                     ?? (current.Status == ArticleStatus.Published ? current.PublishedAt!.Value : state.Now);
            return Edited(current, state, ContentChanged: false, current with
            {
                Status = at > state.Now ? ArticleStatus.Scheduled : ArticleStatus.Published,
                PublishedAt = at,
                EmbargoedUntil = embargo,
            });
        }, ct);

    /// <summary>
    /// Turns a published or scheduled article back into a draft; 409 for any other (a draft that
    /// was "unpublished" would get a new version, revision and ETag for nothing).
    /// </summary>
    public Task<WriteOutcome> UnpublishAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, []), ifMatch, state =>
        {
            var current = state.Current!;
            if (current.Status is not (ArticleStatus.Published or ArticleStatus.Scheduled))
                return new WriteOutcome.Conflict(
                    $"The article {current.Id} is {current.Status.Name()}: only published or scheduled articles can be unpublished.");
            return Edited(current, state, ContentChanged: false,
                current with { Status = ArticleStatus.Draft, PublishedAt = null, EmbargoedUntil = null });
        }, ct);

    /// <summary>
    /// Appends a correction to a published article (409 for any other): it carries the version it
    /// is published with, so the revisions before it show what it corrects.
    /// </summary>
    public Task<WriteOutcome> AddCorrectionAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, Guid correctionId, CorrectionInput input,
        CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, []), ifMatch, state =>
        {
            var current = state.Current!;
            if (current.Status != ArticleStatus.Published)
                return new WriteOutcome.Conflict(
                    $"The article {current.Id} is {current.Status.Name()}: only published articles take corrections " +
                    "(before publication, change the text itself).");
            if (input.SectionId is { } sectionId && current.Sections.All(s => s.Id != sectionId))
                return WriteOutcome.At("sectionId", $"The article {current.Id} has no section {sectionId}.");
            if (current.Corrections.Count >= CorrectionLimits.PerArticle)
                return new WriteOutcome.Conflict($"The article {current.Id} has {CorrectionLimits.PerArticle} corrections, the most it can take.");
            var correction = new Correction
            {
                Id = correctionId, Kind = input.Kind!.Value, Text = input.Text!, SectionId = input.SectionId,
                PublishedAt = state.Now, Version = current.Version + 1,
            };
            return Edited(current, state, ContentChanged: false, current with { Corrections = [.. current.Corrections, correction] });
        }, ct);

    /// <summary>Deletes the article after the same precondition check; the change log keeps a tombstone when it was public.</summary>
    public Task<WriteOutcome> DeleteAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, []), ifMatch, _ => new Decision.Delete(), ct);

    /// <summary>Appends a section at the end of the article.</summary>
    public Task<WriteOutcome> AddSectionAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, Guid sectionId, SectionInput input, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, SectionLinks(input)), ifMatch, state =>
        {
            var current = state.Current!;
            if (current.Sections.Count >= ArticleLimits.Sections)
                return WriteOutcome.At("sections", $"An article has at most {ArticleLimits.Sections} sections.");
            var section = SectionKinds.Of(input).ToSection(input, sectionId, current.Sections.Count + 1);
            return Edited(current, state, ContentChanged: true, current with { Sections = [.. current.Sections, section] });
        }, ct);

    /// <summary>Replaces a section's content (its type may change); its id and position stay.</summary>
    public Task<WriteOutcome> ReplaceSectionAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, Guid sectionId, SectionInput input, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, SectionLinks(input)), ifMatch, state =>
        {
            var current = state.Current!;
            if (current.Sections.FirstOrDefault(s => s.Id == sectionId) is not { } old)
                return NoSuchSection(current.Id, sectionId);
            var section = SectionKinds.Of(input).ToSection(input, sectionId, old.Position);
            return Edited(current, state, ContentChanged: true, current with
            {
                Sections = current.Sections.Select(s => s.Id == sectionId ? section : s).ToList(),
            });
        }, ct);

    /// <summary>Removes a section; the ones after it move up.</summary>
    public Task<WriteOutcome> DeleteSectionAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, Guid sectionId, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, []), ifMatch, state =>
        {
            var current = state.Current!;
            if (current.Sections.All(s => s.Id != sectionId))
                return NoSuchSection(current.Id, sectionId);
            var remaining = Renumber(current.Sections.Where(s => s.Id != sectionId));
            if (CorrectedSectionRemoved(current, remaining) is { } conflict)
                return conflict;
            return Edited(current, state, ContentChanged: true, current with { Sections = remaining });
        }, ct);

    /// <summary>Puts the sections in the given order, which must name each of them exactly once.</summary>
    public Task<WriteOutcome> ReorderSectionsAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, IReadOnlyList<Guid> order, CancellationToken ct) =>
        transaction.RunAsync(new Needs(key, []), ifMatch, state =>
        {
            var current = state.Current!;
            var byId = current.Sections.ToDictionary(s => s.Id);
            if (!byId.Keys.ToHashSet().SetEquals(order) || order.Count != byId.Count)
                return WriteOutcome.At("sectionIds", $"Must list each of the article's {byId.Count} section ids exactly once.");
            return Edited(current, state, ContentChanged: true, current with { Sections = Renumber(order.Select(id => byId[id])) });
        }, ct);

    /// <summary>Stores an article exactly as given (the demo content), through the same path as every write.</summary>
    public Task<WriteOutcome> ImportAsync(Article article, CancellationToken ct) =>
        transaction.RunAsync(new Needs(null, article.Persons.Select(p => (p.PersonId, "persons")).ToList()), [], state =>
            new Decision.Save(article with
            {
                Persons = article.Persons.Select(p => state.Persons[p.PersonId] with { Role = p.Role }).ToList(),
            }, ContentChanged: true), ct);

    private static Decision Edited(Article current, State state, bool ContentChanged, Article after) =>
        new Decision.Save(after with { Version = current.Version + 1, UpdatedAt = state.Now }, ContentChanged);

    private static Article FromInput(ArticleInput input, Guid id, string slug, State state, Article? current)
    {
        var kept = current?.Sections.Select(s => s.Id).ToHashSet() ?? [];
        return new Article
        {
            Id = id, Slug = slug, Title = input.Title!, Teaser = input.Teaser, Language = input.Language ?? "de",
            Status = current?.Status ?? ArticleStatus.Draft, PublishedAt = current?.PublishedAt,
            CreatedAt = current?.CreatedAt ?? state.Now, UpdatedAt = state.Now, Version = (current?.Version ?? 0) + 1,
            Source = input.Source, ImageCredit = input.LeadImage?.Credit ?? input.ImageCredit, Disclaimer = input.Disclaimer,
            Extras = input.Extras ?? [],
            Persons = (input.Persons ?? []).Select(m => state.Persons[m.PersonId!.Value] with { Role = m.Role }).ToList(),
            Sections = (input.Sections ?? []).Select((s, i) =>
                SectionKinds.Of(s).ToSection(s, s.Id is { } keep && kept.Contains(keep) ? keep : Guid.CreateVersion7(), i + 1)).ToList(),
            LeadImage = input.LeadImage?.ToLeadImage(),
            // What replacing an article cannot change: its embargo (publish sets it) and its corrections (appended only).
            EmbargoedUntil = current?.EmbargoedUntil,
            Corrections = current?.Corrections ?? [],
            CanonicalUrl = null, // from the configuration, when the bytes are made
        };
    }

    /// <summary>
    /// A section that a published correction names stays in its article: the correction is
    /// permanent, and its sectionId must go on naming a section readers can find.
    /// </summary>
    private static WriteOutcome.Conflict? CorrectedSectionRemoved(Article current, IReadOnlyList<Section> remaining)
    {
        var kept = remaining.Select(s => s.Id).ToHashSet();
        return current.Corrections.FirstOrDefault(c => c.SectionId is { } id && !kept.Contains(id)) is { } correction
            ? new WriteOutcome.Conflict($"The correction {correction.Id} names the section {correction.SectionId}: a corrected section " +
                                        "stays in its article (change its text instead).")
            : null;
    }

    private static List<Section> Renumber(IEnumerable<Section> sections) =>
        sections.Select((s, i) => s with { Position = i + 1 }).ToList();

    /// <summary>Every mentioned and glossary-linked person, with the JSON path that names it.</summary>
    private static IReadOnlyList<(Guid PersonId, string Path)> Links(ArticleInput input) =>
        (input.Persons ?? []).Select((p, i) => (PersonId: p.PersonId!.Value, Path: $"persons[{i}].personId"))
            .Concat((input.Sections ?? []).SelectMany((s, i) => SectionKinds.Of(s).PersonLinks(s, $"sections[{i}]")))
            .ToList();

    private static IReadOnlyList<(Guid PersonId, string Path)> SectionLinks(SectionInput input) =>
        SectionKinds.Of(input).PersonLinks(input, "").Select(l => (l.PersonId, l.Path.TrimStart('.'))).ToList();

    private static WriteOutcome.Invalid? KeptSectionIdProblems(IReadOnlyList<SectionInput> sections, IReadOnlySet<Guid> current)
    {
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i].Id is not { } id)
                continue;
            if (!current.Contains(id))
                errors[$"sections[{i}].id"] = ["Not a section of this article; omit id for a new section."];
            else if (!seen.Add(id))
                errors[$"sections[{i}].id"] = ["This section id appears twice."];
        }
        return errors.Count == 0 ? null : new WriteOutcome.Invalid(errors);
    }

    private static WriteOutcome NoSuchSection(Guid articleId, Guid sectionId) =>
        new WriteOutcome.NotFound($"The article {articleId} has no section {sectionId}.");
}
