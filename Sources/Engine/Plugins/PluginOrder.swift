import PluginAPI

/// Ordering of enabled plugins from their `runsAfter` and `runsBefore` constraints.
enum PluginOrder {
    /// Returns `descriptors` in an order that satisfies every constraint between enabled
    /// plugins, keeping the given order wherever the constraints allow. Constraints that
    /// name a plugin that is not enabled are ignored.
    static func sort(_ descriptors: [PluginDescriptor]) throws(PluginOrderError)
        -> [PluginDescriptor]
    {
        let names = descriptors.map(\.name)
        var predecessors: [String: Set<String>] = [:]
        for descriptor in descriptors {
            for before in descriptor.runsAfter where names.contains(before) {
                predecessors[descriptor.name, default: []].insert(before)
            }
            for after in descriptor.runsBefore where names.contains(after) {
                predecessors[after, default: []].insert(descriptor.name)
            }
        }

        var placed: [PluginDescriptor] = []
        var remaining = descriptors
        while !remaining.isEmpty {
            let placedNames = Set(placed.map(\.name))
            guard
                let index = remaining.firstIndex(where: {
                    predecessors[$0.name, default: []].isSubset(of: placedNames)
                })
            else {
                throw PluginOrderError(cycle: remaining.map(\.name))
            }
            placed.append(remaining.remove(at: index))
        }
        return placed
    }
}

/// Plugins whose order constraints contradict each other.
struct PluginOrderError: Error, CustomStringConvertible {
    let cycle: [String]

    var description: String {
        "the order constraints of plugins \(cycle.joined(separator: ", ")) form a cycle; "
            + "disable one of them or correct their runsAfter/runsBefore declarations"
    }
}
