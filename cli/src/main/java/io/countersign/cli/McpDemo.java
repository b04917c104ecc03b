package io.countersign.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * For {@code countersign up} with its demo credentials: writes {@code <dataDir>/mcp-gateway.yaml}, an MCP
 * gateway configuration fronting the reference filesystem server (run with {@code npx}) over
 * {@code <dataDir>/mcp-demo}, acting as the demo agent for user:alice, and prints the {@code mcpServers} entry
 * an MCP client (Claude Desktop, Claude Code, Cursor…) needs to run it. The gateway itself is started by the
 * client, over stdio.
 */
final class McpDemo {

    /** The reference filesystem server version the demo runs (the one the tests run). */
    static final String FILESYSTEM_SERVER = "@modelcontextprotocol/server-filesystem@2026.8.31";

    private McpDemo() {
    }

    static void write(Path dataDir, URI ingestUrl, PrintWriter out) throws IOException {
        Path credentials = dataDir.resolve(Gateway.DEMO_CREDENTIALS);
        if (!Files.exists(credentials)) {
            return; // own API keys configured: no demo agent to act as
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(credentials)) {
            p.load(in);
        }
        Path files = Files.createDirectories(dataDir.resolve("mcp-demo").toAbsolutePath());
        Files.createDirectories(files.resolve("pii"));
        Path config = dataDir.resolve("mcp-gateway.yaml").toAbsolutePath();
        Files.writeString(config, """
                # Written by `countersign up`: the MCP gateway as the demo agent, fronting the reference filesystem server.
                mcp-gateway:
                  gatewayUrl: %s
                  apiKey: %s
                  principal: user:alice@example.com
                  reviewWait: 10m
                  servers:
                    - name: fs
                      command: npx
                      args: ["-y", "%s", "%s"]
                  tools:                 # the shipped policy speaks for db.read and db.write: unclassified files go to a data steward
                    fs.read_text_file: {action: db.read, targets: [{argument: path, uri: "file://{}"}]}
                    fs.read_multiple_files: {action: db.read, targets: [{argument: paths, uri: "file://{}"}]}
                    fs.list_directory: {action: db.read, targets: [{argument: path, uri: "file://{}"}]}
                    fs.directory_tree: {action: db.read, targets: [{argument: path, uri: "file://{}"}]}
                    fs.search_files: {action: db.read, targets: [{argument: path, uri: "file://{}"}]}
                    fs.get_file_info: {action: db.read, targets: [{argument: path, uri: "file://{}"}]}
                    fs.write_file: {action: db.write, targets: [{argument: path, uri: "file://{}"}]}
                    fs.edit_file: {action: db.write, targets: [{argument: path, uri: "file://{}"}]}
                    fs.create_directory: {action: db.write, targets: [{argument: path, uri: "file://{}"}]}
                    fs.move_file: {action: db.write, targets: [{argument: source, uri: "file://{}"}, {argument: destination, uri: "file://{}"}]}
                """.formatted(ingestUrl, p.getProperty("agent.key"), FILESYSTEM_SERVER, files));
        try {
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data directory's own permissions apply
        }
        out.printf("  mcp:       MCP gateway config (demo agent, filesystem server over %s) in %s; in an MCP client:%n", files, config);
        out.printf("             {\"mcpServers\": {\"countersign\": {\"command\": \"countersign\", \"args\": [\"mcp-gateway\", \"--config\", \"%s\"]}}}%n",
                config);
    }
}
