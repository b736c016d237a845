// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

class KubeYamlDocument;

/// A read-only handle to one node of a KubeYamlDocument, with the part of yaml-cpp's YAML::Node interface the
/// kubeconfig reader uses (so that it reads the same). Valid while its document lives.
class KubeYamlNode
{
public:
    enum class Type { Undefined, Null, Scalar, Sequence, Map };

    KubeYamlNode() = default;

    /// False for a missing node (like yaml-cpp: `!node` means "not there").
    explicit operator bool() const { return mDocument != nullptr; }
    [[nodiscard]] Type type() const;
    [[nodiscard]] bool isNull() const { return type() == Type::Null; }
    [[nodiscard]] bool isScalar() const { return type() == Type::Scalar; }
    [[nodiscard]] bool isSequence() const { return type() == Type::Sequence; }
    [[nodiscard]] bool isMap() const { return type() == Type::Map; }
    /// The text of a scalar (empty otherwise).
    [[nodiscard]] const std::string &scalar() const;
    /// Whether a scalar was written quoted (or as a block): then it is a string whatever it looks like.
    [[nodiscard]] bool isQuoted() const;
    /// A scalar that reads as a YAML 1.1 boolean as yaml-cpp reads one (true/false, yes/no, on/off, y/n in lower,
    /// upper or title case); false when it is none.
    [[nodiscard]] bool toBool(bool *value) const;
    /// The value of `key` in a mapping (the first one when a key repeats); a missing node otherwise.
    [[nodiscard]] KubeYamlNode operator[](const char *key) const;

    /// Items of a sequence, or keys and values of a mapping.
    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] KubeYamlNode item(std::size_t index) const;
    [[nodiscard]] std::pair<KubeYamlNode, KubeYamlNode> entry(std::size_t index) const;

private:
    friend class KubeYamlDocument;
    KubeYamlNode(const KubeYamlDocument *document, int index)
        : mDocument(document)
        , mIndex(index)
    { }

    const KubeYamlDocument *mDocument = nullptr;
    int mIndex = -1;
};
