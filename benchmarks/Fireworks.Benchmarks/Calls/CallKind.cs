namespace Fireworks.Benchmarks.Calls;

/// <summary>The API calls the call-overhead benchmarks make.</summary>
public enum CallKind
{
    /// <summary><c>GET v1/accounts/{account_id}/users/{user_id}?readMask=…</c>: path and query building, response parsing.</summary>
    GetUser,

    /// <summary><c>POST v1/accounts/{account_id}/users?userId=…</c>: request body serialization too.</summary>
    CreateUser,
}
