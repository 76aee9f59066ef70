using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneThing.Contracts;
using OneThing.Hub.Infrastructure;
using OneThing.Hub.Infrastructure.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace OneThing.Hub.Features.Delivery;

public static class ConfigureDeliveryEndpoint
{
    public static ProblemDetails Validate(string code, DeliverySettings request, ClaimsPrincipal user, HubOptions hub)
    {
        if (!user.IsDepartment(code))
            return Problems.Forbidden($"Only department '{code}' chooses how it receives its work.");
        if (request is null) return Problems.Validation("body", "Give the delivery mode.");
        var url = Uri.TryCreate(request.Url, UriKind.Absolute, out var parsed) ? parsed : null;
        return request.Mode switch
        {
            DeliveryModes.Inbox when request.Url is null && request.Secret is null => WolverineContinue.NoProblems,
            DeliveryModes.Inbox => Problems.Validation("mode", "Inbox delivery takes no url or secret."),
            // Work items carry personal data: https. Plain http to this machine only where it is allowed (the
            // simulator on a developer's machine): elsewhere a department could make the hub call services on its
            // own host.
            DeliveryModes.Webhook when url is null
                || !(url.Scheme == "https" || (url.Scheme == "http" && url.IsLoopback && hub.AllowLoopbackWebhooks))
                => Problems.Validation("url", "Give an absolute https URL."),
            // The real check is at connect time (WebhookAddresses.Connect), on every address the name resolves to;
            // this one tells the department at once of an address that could never work.
            DeliveryModes.Webhook when Refusal(url, hub) is { } refusal => Problems.Validation("url", refusal),
            DeliveryModes.Webhook when request.Secret is not { Length: >= 16 and <= 256 }
                => Problems.Validation("secret", "Give a secret of 16 to 256 characters for the HMAC signature."),
            DeliveryModes.Webhook => WolverineContinue.NoProblems,
            _ => Problems.Validation("mode", "Use webhook or inbox."),
        };
    }

    /// <summary>An address written in the URL that the connect-time check would refuse; names are resolved only
    /// when delivering.</summary>
    private static string? Refusal(Uri url, HubOptions hub)
    {
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && System.Net.IPAddress.TryParse(url.Host.Trim('[', ']'), out var address))
            return WebhookAddresses.Refusal(address, hub.AllowLoopbackWebhooks);
        var thisMachine = url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return thisMachine && !hub.AllowLoopbackWebhooks
            ? $"{url.Host} is this machine; webhooks go to public addresses only"
            : null;
    }

    /// <summary>
    /// A department chooses a signed webhook or its inbox; messages already queued follow the new choice. Each choice
    /// replaces the last whatever it was, so nothing is decided on the channel's state and no version is checked.
    /// </summary>
    [WolverinePut("/api/departments/{code}/delivery"), Authorize(Roles = Roles.Department)]
    public static (DeliveryChannel, IMartenOp, IMartenOp) Put(
        string code,
        DeliverySettings request,
        ClaimsPrincipal user,
        SecretBox box,
        TimeProvider clock)
    {
        var fingerprint = request.Secret is null ? null : box.Fingerprint(request.Secret);
        var configured = new DeliveryChannelConfigured(
            code, request.Mode, request.Url, fingerprint, user.Id(), clock.GetUtcNow());
        // The sealed secret goes beside the event, not into it: events are exported for audit.
        IMartenOp secret = request.Secret is null
            ? MartenOps.Delete<WebhookSecret>(code)
            : MartenOps.Store(new WebhookSecret { Id = code, Sealed = box.Seal(request.Secret) });
        return (new DeliveryChannel(code, request.Mode, configured.ConfiguredAt, request.Url, fingerprint),
            MartenOps.Append(DeliveryChannelView.StreamKey(code), configured), secret);
    }
}
