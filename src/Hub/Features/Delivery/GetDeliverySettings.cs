using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Features.Audit;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;

namespace OneThing.Hub.Features.Delivery;

public static class GetDeliverySettingsEndpoint
{
    public static ProblemDetails Validate(string code, ClaimsPrincipal user) =>
        user.IsDepartment(code) || user.IsInRole(Roles.Coordinator)
            ? WolverineContinue.NoProblems
            : Problems.Forbidden($"Only {code} and the coordinating office see how {code} receives its work.");

    /// <summary>How the department receives its work now: its webhook (the secret's fingerprint, never the secret)
    /// or its inbox. 404 while it has chosen nothing: its messages then wait in its inbox.</summary>
    [WolverineGet("/api/departments/{code}/delivery"), Authorize(Roles = $"{Roles.Department},{Roles.Coordinator}")]
    [ProducesResponseType<DeliveryChannel>(200), ProducesResponseType<ProblemDetails>(404)]
    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken ct)
    {
        var channel = DocumentDigests.Verified(
            await session.LoadAsync<DeliveryChannelView>(DeliveryChannelView.StreamKey(code), ct));
        return channel is null
            ? Results.Problem(Problems.NotFound(
                $"{code} has chosen no channel: its messages wait in its inbox (GET /api/inbox)."))
            : Results.Ok(new DeliveryChannel(channel.Department, channel.Mode, channel.ConfiguredAt, channel.Url,
                channel.SecretFingerprint));
    }
}
