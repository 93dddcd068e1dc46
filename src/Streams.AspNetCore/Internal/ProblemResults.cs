using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Streams.AspNetCore.Internal;

/// <summary>The error answers, as RFC 9457 problem details (<c>application/problem+json</c>).</summary>
internal static class ProblemResults
{
    /// <summary>503 with <c>Retry-After</c>: the store cannot answer now (rebalancing, restoring, owner unavailable).</summary>
    public static IResult Unavailable(string detail, TimeSpan retryAfter) => new UnavailableResult(detail, retryAfter);

    public static IResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private sealed class UnavailableResult(string detail, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable").ExecuteAsync(httpContext);
        }
    }
}
