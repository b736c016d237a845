// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kubeyamlnode.h"

#include <QByteArray>
#include <QString>

#include <string>
#include <vector>

/// The first document of a YAML text, read with libyaml's event API into a flat tree. Kubeconfigs can hold
/// thousands of contexts; this reads them several times faster than yaml-cpp (which stays for relationship files
/// and for writing). Anchors and aliases are resolved; tags other than the quoting of scalars are ignored, as the
/// kubeconfig reader ignores them.
class KubeYamlDocument
{
public:
    /// Parses `text`; on a syntax error root() is missing and error()/errorLine() say why and where.
    explicit KubeYamlDocument(const QByteArray &text);

    [[nodiscard]] KubeYamlNode root() const;
    [[nodiscard]] bool hasError() const { return !mError.isEmpty(); }
    [[nodiscard]] QString error() const { return mError; }
    /// 1-based line of the error.
    [[nodiscard]] int errorLine() const { return mErrorLine; }

private:
    friend class KubeYamlNode;
    struct Node {
        KubeYamlNode::Type type = KubeYamlNode::Type::Undefined;
        bool quoted = false;
        std::string scalar;
        std::vector<int> children; ///< sequence items; or key, value, key, value... of a mapping
    };

    std::vector<Node> mNodes;
    int mRoot = -1;
    QString mError;
    int mErrorLine = 0;
};
