using OzdContentApi.Platform.Database;

namespace OzdContentApi.Tests.Reliability;

public sealed class ContentChangesTests
{
    // A subscriber's bug (one cache) left the subscribers after it with stale entries: the call
    // stopped at its exception, out of the write that announced the change (after its commit) or
    // inside Npgsql, which swallows it.
    [Fact]
    public void A_subscriber_that_fails_keeps_no_other_from_the_change_and_every_cache_forgets_everything()
    {
        var changes = new ContentChanges();
        var heard = new List<Guid>();
        var lost = 0;
        var evicted = 0;
        changes.Changed += _ => throw new InvalidOperationException("a cache's bug");
        changes.Changed += batch => heard.AddRange(batch.Select(c => c.Id));
        changes.Lost += () => lost++;
        changes.Evicted += () => evicted++;
        var id = Guid.NewGuid();

        changes.Announce("article", id);

        Assert.Equal([id], heard);
        Assert.Equal(1, lost);
        Assert.Equal(1, evicted);
    }

    [Fact]
    public void A_change_every_subscriber_takes_forgets_nothing_else()
    {
        var changes = new ContentChanges();
        var heard = 0;
        var lost = 0;
        changes.Changed += _ => heard++;
        changes.Lost += () => lost++;

        changes.Announce("article", Guid.NewGuid());

        Assert.Equal(1, heard);
        Assert.Equal(0, lost);
    }
}
