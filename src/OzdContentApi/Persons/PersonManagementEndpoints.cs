using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Persons;

public static class PersonManagementEndpoints
{
    public static IEndpointRouteBuilder MapPersonManagement(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/persons").WithTags("Persons").RequireAuthorization(Scopes.Write);

        group.MapPost("/", Create)
            .WithName("createPerson")
            .WithSummary("Create a person")
            .WithDescription("The slug is generated from the name when omitted (ä→ae, ö→oe, ü→ue, ß→ss; a taken " +
                             "generated slug gets -2, -3, …); an explicit slug that is taken is a 409.")
            .WithValidation<PersonInput>()
            .WithJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithLink(201, "read", "getPerson", "Read the person.", ("idOrSlug", "$response.body#/id"))
            .WithLink(201, "replace", "replacePerson", "Replace the person, with the ETag of this answer as If-Match.", OperationLinks.SameResource());

        group.MapPut("/{idOrSlug}", Replace)
            .WithName("replacePerson")
            .WithSummary("Replace a person")
            .WithDescription("Replaces name, description and slug (an omitted slug keeps the current one). Articles " +
                             "that mention the person show the new name at once. Needs If-Match.")
            .WithValidation<PersonInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{idOrSlug}", Delete)
            .WithName("deletePerson")
            .WithSummary("Delete a person")
            .WithDescription("Only a person no article mentions and no glossary entry links to can be deleted; " +
                             "otherwise 409. Needs If-Match.")
            .WithWritePreconditions()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AnswersWithoutETag();

        return routes;
    }

    public static async Task<Results<Created<Person>, ValidationProblem, ProblemHttpResult>> Create(
        PersonInput input, PersonWriter writer, HttpResponse response, CancellationToken ct) =>
        await writer.CreateAsync(input, ct) switch
        {
            PersonOutcome.Saved saved => WithETag(response, saved.ETag, TypedResults.Created($"/v1/persons/{saved.Person.Id}", saved.Person)),
            var failure => Failure(failure, response),
        };

    public static async Task<Results<Ok<Person>, ValidationProblem, ProblemHttpResult>> Replace(
        [Description("The person's UUID or slug.")] IdOrSlug idOrSlug, PersonInput input, PersonWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return await writer.ReplaceAsync(idOrSlug, tags, input, ct) switch
        {
            PersonOutcome.Saved saved => WithETag(response, saved.ETag, TypedResults.Ok(saved.Person)),
            var failure => Failure(failure, response),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        [Description("The person's UUID or slug.")] IdOrSlug idOrSlug, PersonWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return await writer.DeleteAsync(idOrSlug, tags, ct) switch
        {
            PersonOutcome.Deleted => TypedResults.NoContent(),
            var failure => Failure(failure, response),
        };
    }

    private static ProblemHttpResult Failure(PersonOutcome outcome, HttpResponse response) => outcome switch
    {
        PersonOutcome.NotFound notFound => Problems.NotFound(notFound.Detail),
        PersonOutcome.Stale stale => Preconditions.Stale(stale.CurrentETag, response),
        PersonOutcome.Conflict conflict => Problems.Conflict(conflict.Detail),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a failure."),
    };

    private static T WithETag<T>(HttpResponse response, string etag, T result)
    {
        response.Headers.ETag = etag;
        return result;
    }
}
