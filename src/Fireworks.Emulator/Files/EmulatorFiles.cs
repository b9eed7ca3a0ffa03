using Microsoft.AspNetCore.Http;

namespace Fireworks.Emulator;

/// <summary>The emulator's file support in one piece: storage, the upload/download operations and the routes outside the spec.</summary>
internal sealed class EmulatorFiles
{
    private readonly FileStore store;
    private readonly FilesApi api;
    private readonly StorageEndpoint storage;
    private readonly DirectUploadEndpoint directUpload;

    public EmulatorFiles(EmulatorState state)
    {
        store = new FileStore(state.SnapshotRoot);
        api = new FilesApi(state, store);
        storage = new StorageEndpoint(store);
        directUpload = new DirectUploadEndpoint(state, store, api);
    }

    public StorageFaults Faults => store.Faults;

    public void Register(HandlerTable handlers) => api.Register(handlers);

    /// <summary>Signed-URL storage and the direct dataset upload go here; everything else to <paramref name="next"/>.</summary>
    public RequestDelegate Route(RequestDelegate next) => context =>
        StorageEndpoint.Handles(context.Request.Path) ? storage.HandleAsync(context)
        : DirectUploadEndpoint.Handles(context.Request) ? directUpload.HandleAsync(context)
        : next(context);
}
