// SPDX-License-Identifier: GPL-3.0-or-later
#include "yamldialog.h"

#include "engine/operationtracker.h"
#include "engine/relationshipobjectsjob.h"
#include "engine/replicationengine.h"
#include "yamlhighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
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
    ReplicationEngine *engine, OperationTracker *tracker, const ReplicationRelationship &relationship, QWidget *parent)
    : QDialog(parent)
    , mRelationship(relationship)
{
    setObjectName(QStringLiteral("yamlDialog"));
    setWindowTitle(tr("YAML of %1").arg(relationship.name));
    resize(760, 600);
    mTabs = new QTabWidget(this);
    mTabs->setObjectName(QStringLiteral("yamlTabs"));

    QPlainTextEdit *file = addTab(QStringLiteral("file"), tr("Relationship file"),
        QStringLiteral("volsyncctl replication -r %1 status -o yaml").arg(relationship.name));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("yamlButtons"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("yamlCloseButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTabs, 1);
    layout->addWidget(buttons);

    if (!engine || !tracker) {
        file->setPlainText(tr("# No relationship folder is open."));
        QMetaObject::invokeMethod(this, &YamlDialog::loaded, Qt::QueuedConnection);
        return;
    }
    // The live objects come from the engine, through the tracker (a session reload waits for it).
    RelationshipObjectsJob *job = engine->objects(relationship);
    const QList<RelationshipObjectsJob::Item> items = job->items();
    for (const RelationshipObjectsJob::Item &item : items) {
        addObjectTab(item);
    }
    connect(job, &RelationshipObjectsJob::itemAdded, this, &YamlDialog::addObjectTab);
    connect(job, &RelationshipObjectsJob::itemFetched, this, [this](const RelationshipObjectsJob::Item &item) {
        if (QPlainTextEdit *editor = mEditors.value(item.key)) {
            editor->setPlainText(item.yaml);
        }
    });
    connect(job, &RelationshipObjectsJob::fileRead, file, &QPlainTextEdit::setPlainText);
    connect(job, &ReplicationJob::finished, this, &YamlDialog::loaded);
    OperationTracker::RunOptions quiet;
    quiet.quiet = true;
    tracker->run(job, OperationTracker::Kind::Read, relationship.name,
        tr("Reading the live objects of %1").arg(relationship.name), quiet);
}

void YamlDialog::addObjectTab(const RelationshipObjectsJob::Item &item)
{
    if (item.key == QLatin1String("secret")) {
        addTab(item.key, tr("Key Secret (masked)"),
            QStringLiteral("kubectl%1 -n %2 describe secret %3")
                .arg(contextArgument(item.context), item.namespaceName, item.name));
        return;
    }
    addTab(item.key, item.key == QLatin1String("source") ? tr("ReplicationSource") : tr("ReplicationDestination"),
        QStringLiteral("kubectl%1 -n %2 get %3 %4 -o yaml")
            .arg(contextArgument(item.context), item.namespaceName, item.kind.toLower(), item.name));
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
