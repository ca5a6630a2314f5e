using System.Formats.Tar;
using ChaosLab.Lab.Image;

namespace ChaosLab.Lab.Tests.Image;

[Category("Unit")]
public sealed class EchoImageRecipeTests
{
    private static EchoImageRecipe Recipe(string baseImage = "chaoslab/shell:111111111111", string executable = "aa") => new(baseImage, executable);

    [Test]
    public void The_same_inputs_give_the_same_tag()
    {
        var first = Recipe();
        var again = Recipe();
        Assert.That(again.Tag, Is.EqualTo(first.Tag));
    }

    [Test]
    public void A_new_build_or_a_new_shell_image_changes_the_tag()
    {
        Assert.That(new[] { Recipe().Tag, Recipe(executable: "a2").Tag, Recipe(baseImage: "chaoslab/shell:222222222222").Tag }, Is.Unique);
    }

    [Test]
    public void Dockerfile_is_built_on_the_shell_image_with_the_native_server_as_entrypoint()
    {
        var lines = Recipe().Dockerfile("h").Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("FROM chaoslab/shell:111111111111"));
            Assert.That(lines[1], Is.EqualTo("COPY app/ /opt/chaoslab/echo/"));
            Assert.That(lines, Does.Contain("ENTRYPOINT [\"/opt/chaoslab/echo/chaoslab-echo\"]"));
            // Setting ENTRYPOINT clears the base image's CMD; a CMD here would become the server's arguments.
            Assert.That(lines, Has.None.StartsWith("CMD"));
            Assert.That(lines, Has.None.Contains("dotnet"), "no .NET runtime in the image");
            Assert.That(lines.Single(l => l.StartsWith("ENV ", StringComparison.Ordinal)), Does.Contain("DOTNET_gcServer=0"));
            Assert.That(lines, Does.Contain($"LABEL {LabLabels.Image}=echo {LabLabels.Recipe}=h"));
        });
    }

    [Test]
    public async Task For_host_hashes_the_executable_and_the_context_holds_the_dockerfile_and_it_alone()
    {
        var root = Directory.CreateTempSubdirectory("chaoslab-echo-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "chaoslab-echo"), "native");
            File.WriteAllText(Path.Combine(root, "ChaosLab.Workloads.pdb"), "symbols the image does not need");
            var recipe = EchoImageRecipe.ForHost("chaoslab/shell:x", root);
            var tar = Path.Combine(root, "context.tar");
            await EchoBuildContext.WriteAsync(recipe, root, tar);

            var entries = new List<string>();
            await using (var stream = File.OpenRead(tar))
            {
                await using var reader = new TarReader(stream);
                while (await reader.GetNextEntryAsync() is { } entry)
                {
                    entries.Add(entry.Name);
                }
            }
            Assert.That(entries, Is.EqualTo(new[] { "Dockerfile", "app/chaoslab-echo" }));

            File.WriteAllText(Path.Combine(root, "chaoslab-echo"), "changed");
            Assert.That(EchoImageRecipe.ForHost("chaoslab/shell:x", root).Tag, Is.Not.EqualTo(recipe.Tag));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void For_host_without_the_echo_build_says_how_to_build_it()
    {
        var empty = Directory.CreateTempSubdirectory("chaoslab-echo-").FullName;
        try
        {
            Assert.That(() => EchoImageRecipe.ForHost("chaoslab/shell:x", empty),
                Throws.TypeOf<LabException>().With.Message.Contains("echo server is not built").And.Message.Contains("dotnet build"));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
