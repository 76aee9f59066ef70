using System.Text;
using Alba;
using Microsoft.AspNetCore.Mvc;
using OneThing.Hub.Infrastructure;

namespace OneThing.Hub.Tests.Infrastructure;

/// <summary>Calls the hub the way a department system does: a key, JSON in, JSON or problem details out.</summary>
public static class Scenarios
{
    public static Task<IScenarioResult> Get(this IAlbaHost host, string url, string? key, int status = 200) =>
        host.Scenario(s =>
        {
            s.Get.Url(url);
            if (key is not null)
                s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    public static Task<IScenarioResult> Post<T>(this IAlbaHost host, string url, T body, string? key, int status)
        where T : class =>
        host.Scenario(s =>
        {
            s.Post.Json(body, JsonStyle.MinimalApi).ToUrl(url);
            if (key is not null)
                s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    /// <summary>Posts bytes as they are, for malformed JSON and other things a typed client cannot send.</summary>
    public static Task<IScenarioResult> PostRaw(
        this IAlbaHost host,
        string url,
        string body,
        string? key,
        int status
    ) =>
        host.Scenario(s =>
        {
            s.Post.Text(body).ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            if (key is not null)
                s.WithRequestHeader("Authorization", $"Bearer {key}");
            s.StatusCodeShouldBe(status);
        });

    public static T Read<T>(this IScenarioResult result) => result.ReadAsJson<T>()!;

    public static ValidationProblemDetails Problem(this IScenarioResult result)
    {
        Assert.Equal("application/problem+json", result.Context.Response.ContentType?.Split(';')[0]);
        return result.ReadAsJson<ValidationProblemDetails>()!;
    }
}
