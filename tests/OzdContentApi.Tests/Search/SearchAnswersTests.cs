using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using OzdContentApi.Search;

namespace OzdContentApi.Tests.Search;

/// <summary>
/// Which search answers are kept (those asked more than once) and how they are renewed: nobody
/// waits on a popular query, a change is never answered from before it.
/// </summary>
public sealed class SearchAnswersTests
{
    private static readonly DeliveryCache.Generation Generation = new();

    private static SearchAnswers Answers() => new(Generation,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Caching:DeliverySeconds"] = "0.05" }).Build());

    private static SearchAnswers.Answer Answer(string text) => new(Representation.OfJson(Encoding.UTF8.GetBytes($"\"{text}\"")), null);

    private static string KeyOf(SearchAnswers answers)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString("?q=Kreml");
        http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(), "search"));
        return answers.KeyOf(http, Audience.Public)!;
    }

    private static string Text(SearchAnswers.Answer answer) => Encoding.UTF8.GetString(answer.Representation.Json);

    [Fact]
    public async Task While_an_expired_answer_is_made_anew_everyone_else_gets_the_one_it_replaces()
    {
        var answers = Answers();
        var key = KeyOf(answers);
        await answers.GetAsync(key, () => Task.FromResult(Answer("alt")));
        await answers.GetAsync(key, () => Task.FromResult(Answer("alt"))); // asked twice: kept
        await Task.Delay(100);

        var slowSearch = new TaskCompletionSource<SearchAnswers.Answer>();
        var renewing = answers.GetAsync(key, () => slowSearch.Task);
        var meanwhile = answers.GetAsync(key, () => throw new InvalidOperationException("searched again"));
        Assert.True(meanwhile.IsCompletedSuccessfully); // answered at once, not after the search
        Assert.Equal("\"alt\"", Text(await meanwhile));
        Assert.False(renewing.IsCompleted);

        slowSearch.SetResult(Answer("neu"));
        Assert.Equal("\"neu\"", Text(await renewing));
        Assert.Equal("\"neu\"", Text(await answers.GetAsync(key, () => throw new InvalidOperationException("searched again"))));
    }

    [Fact]
    public async Task After_a_change_nobody_gets_an_answer_from_before_it()
    {
        var answers = Answers();
        await answers.GetAsync(KeyOf(answers), () => Task.FromResult(Answer("alt")));
        Generation.Advance();
        var key = KeyOf(answers);

        var slowSearch = new TaskCompletionSource<SearchAnswers.Answer>();
        var first = answers.GetAsync(key, () => slowSearch.Task);
        var second = answers.GetAsync(key, () => throw new InvalidOperationException("searched twice"));
        Assert.False(second.IsCompleted); // waits for the search under way, does not get "alt"

        slowSearch.SetResult(Answer("neu"));
        Assert.Equal("\"neu\"", Text(await first));
        Assert.Equal("\"neu\"", Text(await second));
    }

    [Fact]
    public async Task An_answer_is_kept_from_the_second_time_it_is_asked()
    {
        var answers = Answers();
        Generation.Advance(); // a key no other test asked
        var key = KeyOf(answers);
        var searches = 0;
        Task<SearchAnswers.Answer> Search() => Task.FromResult(Answer($"suche {++searches}"));

        Assert.Equal("\"suche 1\"", Text(await answers.GetAsync(key, Search)));
        Assert.Equal("\"suche 2\"", Text(await answers.GetAsync(key, Search))); // asked once before: searched again, and kept
        Assert.Equal("\"suche 2\"", Text(await answers.GetAsync(key, Search)));
        Assert.Equal(2, searches);
    }

    [Fact]
    public async Task An_answer_someone_waited_for_is_kept_the_first_time()
    {
        var answers = Answers();
        Generation.Advance();
        var key = KeyOf(answers);
        var slowSearch = new TaskCompletionSource<SearchAnswers.Answer>();

        var first = answers.GetAsync(key, () => slowSearch.Task);
        var waiting = answers.GetAsync(key, () => throw new InvalidOperationException("searched twice"));
        slowSearch.SetResult(Answer("eins"));
        await Task.WhenAll(first, waiting);

        Assert.Equal("\"eins\"", Text(await answers.GetAsync(key, () => throw new InvalidOperationException("not kept"))));
    }
}
