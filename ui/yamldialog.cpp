// SPDX-License-Identifier: GPL-3.0-or-later
#include "yamldialog.h"

#include "common/redaction.h"
#include "engine/volsyncresources.h"
#include "engine/yamltree.h"
#include "kube/kubeclient.h"
#include "kube/kubereply.h"
#include "kube/kuberesource.h"
#include "kube/kubesession.h"
#include "yamlhighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#ifdef VOLSYNC_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace {

QString contextArgument(const QString &context)
{
    return context.isEmpty() ? QString() : QStringLiteral(" --context ") + context;
}

} // namespace

void YamlDialog::highlight(QPlainTextEdit *editor)
{
#ifdef VOLSYNC_HAVE_KSYNTAXHIGHLIGHTING
    static KSyntaxHighlighting::Repository repository;
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(editor->document());
    highlighter->setDefinition(repository.definitionForName(QStringLiteral("YAML")));
    highlighter->setTheme(editor->palette().color(QPalette::Base).lightness() < 128
            ? repository.defaultTheme(KSyntaxHighlighting::Repository::DarkTheme)
            : repository.defaultTheme(KSyntaxHighlighting::Repository::LightTheme));
#else
    new YamlHighlighter(editor->document());
#endif
}

YamlDialog::YamlDialog(
    KubeSession *session, const ReplicationRelationship &relationship, const QString &filePath, QWidget *parent)
    : QDialog(parent)
    , mSession(session)
    , mRelationship(relationship)
{
    setObjectName(QStringLiteral("yamlDialog"));
    setWindowTitle(tr("YAML of %1").arg(relationship.name));
    resize(760, 600);
    mTabs = new QTabWidget(this);
    mTabs->setObjectName(QStringLiteral("yamlTabs"));

    QPlainTextEdit *file = addTab(QStringLiteral("file"), tr("Relationship file"),
        QStringLiteral("volsyncctl replication -r %1 status -o yaml").arg(relationship.name));
    QFile in(filePath);
    if (in.open(QIODevice::ReadOnly)) {
        file->setPlainText(QString::fromUtf8(in.readAll()));
    } else {
        file->setPlainText(tr("# The file %1 cannot be read: %2").arg(filePath, in.errorString()));
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("yamlButtons"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("yamlCloseButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTabs, 1);
    layout->addWidget(buttons);

    if (relationship.source && !relationship.source->rsName.isEmpty()) {
        const ReplicationSourceSide &s = *relationship.source;
        addTab(QStringLiteral("source"), tr("ReplicationSource"),
            QStringLiteral("kubectl%1 -n %2 get replicationsource %3 -o yaml")
                .arg(contextArgument(s.cluster), s.namespaceName, s.rsName));
        fetch(QStringLiteral("source"), s.cluster, VolSyncResources::replicationSources(), s.namespaceName, s.rsName);
    }
    if (relationship.destination && !relationship.destination->rdName.isEmpty()) {
        const ReplicationDestinationSide &d = *relationship.destination;
        addTab(QStringLiteral("destination"), tr("ReplicationDestination"),
            QStringLiteral("kubectl%1 -n %2 get replicationdestination %3 -o yaml")
                .arg(contextArgument(d.cluster), d.namespaceName, d.rdName));
        fetch(QStringLiteral("destination"), d.cluster, VolSyncResources::replicationDestinations(), d.namespaceName,
            d.rdName);
    }
    if (mPending == 0) {
        QMetaObject::invokeMethod(this, &YamlDialog::loaded, Qt::QueuedConnection);
    }
}

QPlainTextEdit *YamlDialog::addTab(const QString &key, const QString &title, const QString &command)
{
    auto *page = new QWidget(mTabs);
    page->setObjectName(key + QStringLiteral("YamlPage"));
    auto *editor = new QPlainTextEdit(page);
    editor->setObjectName(key + QStringLiteral("YamlView"));
    editor->setReadOnly(true);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setPlainText(tr("# loading…"));
    highlight(editor);
    auto *copy = new QPushButton(tr("Copy YAML"), page);
    copy->setObjectName(key + QStringLiteral("CopyYamlButton"));
    auto *copyCommand = new QPushButton(tr("Copy Command"), page);
    copyCommand->setObjectName(key + QStringLiteral("CopyCommandButton"));
    copyCommand->setToolTip(command);
    connect(
        copy, &QPushButton::clicked, this, [editor]() { QApplication::clipboard()->setText(editor->toPlainText()); });
    connect(copyCommand, &QPushButton::clicked, this, [command]() { QApplication::clipboard()->setText(command); });
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(copy);
    buttons->addWidget(copyCommand);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(editor, 1);
    layout->addLayout(buttons);
    mTabs->addTab(page, title);
    mEditors.insert(key, editor);
    mCommands.insert(key, command);
    return editor;
}

QString YamlDialog::text(const QString &tab) const
{
    QPlainTextEdit *editor = mEditors.value(tab);
    return editor ? editor->toPlainText() : QString();
}

QString YamlDialog::command(const QString &tab) const
{
    return mCommands.value(tab);
}

QString YamlDialog::toDisplayYaml(QJsonObject object)
{
    QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    metadata.remove(QStringLiteral("managedFields"));
    object.insert(QStringLiteral("metadata"), metadata);
    if (object.value(QLatin1String("kind")).toString() == QLatin1String("Secret")) {
        for (const char *field : {"data", "stringData"}) {
            QJsonObject data = object.value(QLatin1String(field)).toObject();
            for (auto it = data.begin(); it != data.end(); ++it) {
                it.value() = redactedMarker();
            }
            if (!data.isEmpty()) {
                object.insert(QLatin1String(field), data);
            }
        }
    }
    return QString::fromUtf8(YamlTree::write(object.toVariantMap()));
}

void YamlDialog::fetch(
    const QString &key, const QString &context, const KubeResource &resource, const QString &ns, const QString &name)
{
    if (!mSession) {
        return;
    }
    KubeClient *client = mSession->client(context);
    ++mPending;
    KubeReply *reply = client->get(resource, ns, name);
    connect(reply, &KubeReply::finished, this, [this, reply, key, context, ns]() {
        QPlainTextEdit *editor = mEditors.value(key);
        if (reply->isOk()) {
            const QJsonObject object = reply->json();
            editor->setPlainText(toDisplayYaml(object));
            if (key == QLatin1String("source")) {
                // The key Secret the source uses, masked.
                const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
                QString secret
                    = spec.value(QLatin1String("rsync")).toObject().value(QLatin1String("sshKeys")).toString();
                if (secret.isEmpty()) {
                    secret
                        = spec.value(QLatin1String("rsyncTLS")).toObject().value(QLatin1String("keySecret")).toString();
                }
                if (!secret.isEmpty()) {
                    addTab(QStringLiteral("secret"), tr("Key Secret (masked)"),
                        QStringLiteral("kubectl%1 -n %2 describe secret %3").arg(contextArgument(context), ns, secret));
                    fetch(QStringLiteral("secret"), context, KubeResource::secrets(), ns, secret);
                }
            }
        } else if (reply->error().isNotFound()) {
            editor->setPlainText(tr("# Not in the cluster (not applied yet, or deleted)."));
        } else {
            editor->setPlainText(QStringLiteral("# ")
                + reply->error().personMessage().replace(QLatin1Char('\n'), QStringLiteral("\n# ")));
        }
        finishOne();
    });
}

void YamlDialog::finishOne()
{
    if (--mPending == 0) {
        Q_EMIT loaded();
    }
}
