using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>
/// Every /api answer that is not a success is problem+json with a message: a value that does not bind (limit=abc),
/// a body that is not JSON or not the expected shape, a route that does not exist. Pages keep their HTML error pages.
/// </summary>
public static class ApiErrors
{
    /// <summary>Answered to programs, not people: the API, the OpenAPI document and /metrics (a 401 there is problem+json, never a page).</summary>
    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi") || context.Request.Path.StartsWithSegments("/metrics");

    public static IServiceCollection AddApiErrors(this IServiceCollection services)
    {
        // Binding failures throw BadHttpRequestException instead of answering an empty 400, so the handler below words them.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context => context.ProblemDetails.Detail ??= Explain(context.ProblemDetails.Status, context.HttpContext));
        services.AddExceptionHandler<BadRequestHandler>();
        return services;
    }

    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseWhen(IsApi, api => api
            .UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            })
            .UseStatusCodePages());
        app.UseWhen(context => !IsApi(context), pages =>
        {
            if (!app.Environment.IsDevelopment())
            {
                pages.UseExceptionHandler("/Error", createScopeForErrors: true);
            }

            pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        });
        return app;
    }

    /// <summary>
    /// Words for a problem the framework raised with a status alone (no endpoint for the path or the method, a body
    /// that is not JSON): a client is told what to change, not just "Not Found".
    /// </summary>
    internal static string Explain(int? status, HttpContext context) => status switch
    {
        StatusCodes.Status404NotFound => $"No API operation answers {context.Request.Method} at this path (or a path value has the wrong form); /openapi/v1.json lists them.",
        StatusCodes.Status405MethodNotAllowed => $"This path does not accept {context.Request.Method}; /openapi/v1.json lists the methods it does.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status500InternalServerError => "The server failed to answer; the error is in its log.",
        _ => $"The request was refused ({status ?? context.Response.StatusCode}).",
    };

    /// <summary>Turns a request that could not be read into a 4xx problem that says what was wrong with it.</summary>
    private sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Send the body as application/json." : "The request could not be read.",
                    Detail = Describe(bad),
                    Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                },
            });
        }

        /// <summary>The framework's own words, without internals (type names stay, stack traces never leave).</summary>
        private static string Describe(BadHttpRequestException bad) =>
            bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
    }
}
