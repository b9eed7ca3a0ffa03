using System.Text;
using Fireworks.Emulator;
using Fireworks.Models;
using Fireworks.Rollouts;

namespace Fireworks.Quickstart;

/// <summary>What one rollout turn produced and who answered it.</summary>
internal sealed record RolloutTurn(int Trajectory, int Turn, string Text, int Tokens, double SumLogprob, string Replica, string Snapshot);

/// <summary>The batch: every turn, and a one-line description for the summary.</summary>
internal sealed record RolloutBatchResult(IReadOnlyList<RolloutTurn> Turns)
{
    public string Describe()
    {
        var snapshots = string.Join(", ", Turns.GroupBy(t => t.Snapshot).Select(g => $"{g.Key} ×{g.Count()}"));
        var replicas = Turns.Select(t => t.Replica).Distinct().Count();
        return $"{Turns.Select(t => t.Trajectory).Distinct().Count()} trajectories × {Turns.Max(t => t.Turn) + 1} turns, " +
               $"{Turns.Sum(t => t.Tokens)} tokens streamed; served by snapshot {snapshots} on {replicas} replica(s), each trajectory on one";
    }
}

/// <summary>
/// Step 3 of the RL loop: roll the policy out on the hot-loaded deployment. Each trajectory has a
/// <see cref="RolloutSession"/> (its id as <c>x-multi-turn-session-id</c>/<c>x-session-affinity</c>, the deployment as
/// <c>fireworks-deployment</c>), so both of its turns land on one replica and reuse its KV cache; every turn is
/// streamed with token ids and logprobs, what a trainer needs. Which snapshot answered is read from the response
/// headers (the emulator names it; the service's own policy-version field is not public).
/// </summary>
internal static class RolloutBatch
{
    public const int Trajectories = 8;
    public const int TurnsPerTrajectory = 2;

    public static async Task<RolloutBatchResult> RunAsync(FireworksClient client, Deployment deployment, Action<string> status, CancellationToken cancellationToken)
    {
        var done = 0;
        var trajectories = await Task.WhenAll(Enumerable.Range(0, Trajectories).Select(async index =>
        {
            var turns = await RunTrajectoryAsync(client, deployment, index, cancellationToken).ConfigureAwait(false);
            status($"{Interlocked.Increment(ref done)}/{Trajectories} trajectories done");
            return turns;
        })).ConfigureAwait(false);
        return new RolloutBatchResult(trajectories.SelectMany(t => t).ToList());
    }

    private static async Task<List<RolloutTurn>> RunTrajectoryAsync(FireworksClient client, Deployment deployment, int index, CancellationToken cancellationToken)
    {
        var session = new RolloutSession($"trajectory-{index}", deployment.Name);
        var messages = new List<ChatMessage>
        {
            new() { Role = "system", Content = "Solve the puzzle step by step." },
            new() { Role = "user", Content = $"Puzzle {index}: arrange the tiles." },
        };
        var turns = new List<RolloutTurn>();
        for (var turn = 0; turn < TurnsPerTrajectory; turn++)
        {
            var request = new ChatCompletionRequest
            {
                Model = deployment.BaseModel!,
                Messages = [.. messages],
                MaxTokens = 24,
                Temperature = 0.8,
                Seed = index,
                ReturnTokenIds = true,
                Logprobs = true,
            };
            var stream = client.Chat.Completions.StreamAsync(request, session.CreateRequestOptions(), cancellationToken);
            var text = new StringBuilder();
            var tokens = 0;
            var sumLogprob = 0.0;
            await foreach (var chunk in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var choice in chunk.Choices)
                {
                    text.Append(choice.Delta.Content);
                    tokens += choice.TokenIds?.Count ?? 0;
                    if (choice.Logprobs?.TryGetNewLogProbs(out var logprobs) == true)
                    {
                        sumLogprob += logprobs!.Content?.Sum(l => l.Logprob) ?? 0;
                    }
                }
            }

            turns.Add(new RolloutTurn(index, turn, text.ToString(), tokens, sumLogprob,
                Header(stream, FireworksEmulator.ReplicaIdHeader) ?? "(not reported)",
                Header(stream, FireworksEmulator.SnapshotIdentityHeader) ?? "(not reported)"));
            messages.Add(new ChatMessage { Role = "assistant", Content = text.ToString() });
            messages.Add(new ChatMessage { Role = "user", Content = "Check your answer and continue." });
        }

        return turns;
    }

    private static string? Header(ServerSentEventStream<ChatCompletionStreamResponse> stream, string name) =>
        stream.ResponseHeaders?.TryGetValues(name, out var values) == true ? values.FirstOrDefault() : null;
}
