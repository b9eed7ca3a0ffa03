using Fireworks.Models;
using Fireworks.Serialization;

namespace Fireworks.Emulator;

/// <summary>Accounts: the emulator hosts exactly one, <c>accounts/{AccountId}</c>.</summary>
internal sealed class AccountsApi
{
    private readonly EmulatorState state;

    public AccountsApi(EmulatorState state) => this.state = state;

    public void Register(HandlerTable table)
    {
        table.AddReader("Gateway_GetAccount", Get);
        table.AddReader("Gateway_ListAccounts", List);
    }

    private ApiResult Get(ApiRequest request)
    {
        var accountId = request.Path("account_id");
        if (accountId != state.AccountId)
        {
            throw ApiException.NotFound($"Account \"accounts/{accountId}\" not found.");
        }

        return new CollectionOperations<Account>(Single()).Respond(request, state.Account);
    }

    private ApiResult List(ApiRequest request)
    {
        var accounts = Single();
        return new CollectionOperations<Account>(accounts).List(
            request,
            (items, next, total) => new ListAccountsResponse { Accounts = items, NextPageToken = next, TotalSize = total },
            FireworksJsonContext.Default.ListAccountsResponse,
            "accounts");
    }

    private ResourceCollection<Account> Single()
    {
        var accounts = new ResourceCollection<Account>(ResourceKinds.Account, state.AccountId, state.Lock);
        accounts.Add(state.AccountId, state.Account);
        return accounts;
    }
}
