using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Operations;

/// <summary>The test harness itself: a service that could not start is never handed to a test.</summary>
public sealed class InMemoryStartTests
{
    [Fact]
    public async Task A_service_that_cannot_start_fails_its_test_with_the_reason_Program_gave()
    {
        var api = new UnreachableDatabaseFactory();
        await ((IAsyncLifetime)api).InitializeAsync();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => api.Services);

            Assert.Contains("The service did not start", error.Message);
            Assert.Contains("OZD Content API cannot start: the content database", error.Message);
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }

    private sealed class UnreachableDatabaseFactory : ContentApiFactory
    {
        private readonly int _closedPort = ServiceProcess.FreePort();

        public override string ConnectionString => $"Host=127.0.0.1;Port={_closedPort};Username=postgres;Database=nowhere";

        protected override Task<string> CreateDatabaseAsync(TestPostgres server) => Task.FromResult("nowhere");

        protected override Task DropDatabaseAsync() => Task.CompletedTask;
    }
}
