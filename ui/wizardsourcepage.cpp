// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardsourcepage.h"

#include "engine/clusterinventory.h"
#include "engine/relationshipdraft.h"
#include "engine/relationshippreflight.h"
#include "engine/replicationengine.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizardcombo.h"
#include "wizardfindings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

namespace {
using Field = DraftFinding::Field;
const QList<Field> kFields {
    Field::SourceContext, Field::SourceNamespace, Field::SourcePvc, Field::SourceCopyMethod, Field::SourceClasses};
} // namespace

WizardSourcePage::WizardSourcePage(QWidget *parent)
    : WizardSidePage(parent)
{
    setObjectName(QStringLiteral("wizardSourcePage"));
    setTitle(tr("Source: the volume to copy"));
    setSubTitle(tr("Pick the cluster, namespace and PersistentVolumeClaim whose data should be replicated."));

    const auto makeCombo = [this](const char *name) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(QLatin1String(name));
        combo->setMinimumContentsLength(24);
        return combo;
    };
    mContext = makeCombo("sourceContextCombo");
    mNamespace = makeCombo("sourceNamespaceCombo");
    mPvc = makeCombo("sourcePvcCombo");
    mPvcInfo = noteLabel("sourcePvcInfo");
    mCopyMethod = makeCombo("sourceCopyMethodCombo");
    for (const QString &method :
        {QStringLiteral("Clone"), QStringLiteral("Snapshot"), QStringLiteral("Direct"), QStringLiteral("None")}) {
        mCopyMethod->addItem(method, method);
    }
    mCopyExplanation = noteLabel("sourceCopyMethodExplanation");
    mStorageClass = makeCombo("sourceStorageClassCombo");
    mSnapshotClass = makeCombo("sourceSnapshotClassCombo");
    mFindings = noteLabel("sourceWarning", true);
    mError = noteLabel("sourceError", true);

    auto *form = new QFormLayout(this);
    const auto addRow
        = [this, form](const QString &text, QWidget *field, const char *name) { addFormRow(form, text, field, name); };
    // Mnemonics: none of B, N, F, A (the wizard's Back, Next, Finish and Apply).
    addRow(tr("&Cluster:"), mContext, "sourceContextLabel");
    addRow(tr("Namespac&e:"), mNamespace, "sourceNamespaceLabel");
    addRow(tr("&Volume (PVC):"), mPvc, "sourcePvcLabel");
    form->addRow(QString(), mPvcInfo);
    addRow(tr("Copy &method:"), mCopyMethod, "sourceCopyMethodLabel");
    form->addRow(QString(), mCopyExplanation);
    addRow(tr("&Storage class:"), mStorageClass, "sourceStorageClassLabel");
    addRow(tr("Sna&pshot class:"), mSnapshotClass, "sourceSnapshotClassLabel");
    form->addRow(QString(), mFindings);
    form->addRow(QString(), mError);

    const auto draft = [this]() {
        SetupWizard *w = setupWizard();
        return w ? w->draft() : nullptr;
    };
    connect(mContext, &QComboBox::currentIndexChanged, this, [this, draft]() {
        if (RelationshipDraft *d = draft()) {
            d->setSourceContext(context());
        }
        followInventory();
    });
    connect(mNamespace, &QComboBox::currentIndexChanged, this, [this, draft]() {
        if (RelationshipDraft *d = draft()) {
            d->setSourceNamespace(namespaceName());
        }
        showInventory();
    });
    connect(mPvc, &QComboBox::currentIndexChanged, this, [this, draft]() {
        if (RelationshipDraft *d = draft(); d && mPvc->count() > 0) {
            d->setSourcePvc(pvcName());
        }
        updateInfo();
    });
    connect(mCopyMethod, &QComboBox::currentIndexChanged, this, [this, draft]() {
        if (RelationshipDraft *d = draft()) {
            d->setSourceCopyMethod(copyMethod());
        }
        updateInfo();
    });
    connect(mStorageClass, &QComboBox::currentIndexChanged, this, [this, draft]() {
        if (RelationshipDraft *d = draft()) {
            d->setSourceStorageClass(storageClass());
        }
        updateInfo();
    });
    connect(mSnapshotClass, &QComboBox::currentIndexChanged, this, [this, draft]() {
        if (RelationshipDraft *d = draft()) {
            d->setSourceSnapshotClass(snapshotClass());
        }
        updateInfo();
    });
}

QString WizardSourcePage::copyMethodExplanation(const QString &method)
{
    if (method == QLatin1String("Clone")) {
        return tr("Clone: copies from a point-in-time clone of the volume; the application keeps running. Needs a "
                  "CSI driver that can clone.");
    }
    if (method == QLatin1String("Snapshot")) {
        return tr("Snapshot: copies from a VolumeSnapshot of the volume; the application keeps running. Needs a "
                  "snapshot class.");
    }
    if (method == QLatin1String("Direct")) {
        return tr("Direct: copies from the live volume itself. Data may change during the copy; stop writes for a "
                  "consistent copy.");
    }
    return tr("None: no point-in-time image; the mover reads the volume as it is (like Direct).");
}

void WizardSourcePage::initializePage()
{
    if (mInitialized) {
        return;
    }
    mInitialized = true;
    SetupWizard *w = setupWizard();
    if (!w || !w->engine()) {
        return;
    }
    const RelationshipDraft *draft = w->draft();
    {
        const QSignalBlocker blocker(mContext);
        for (const QString &name : w->engine()->contextNames()) {
            mContext->addItem(name, name);
        }
        const int current = mContext->findData(draft->sourceContext());
        mContext->setCurrentIndex(current >= 0 ? current : 0);
    }
    WizardCombo::selectData(mCopyMethod, draft->sourceCopyMethod());
    w->draft()->setSourceContext(context());
    followInventory();
}

void WizardSourcePage::showInventory()
{
    SetupWizard *w = setupWizard();
    if (!w || !mInventory) {
        return;
    }
    RelationshipDraft *draft = w->draft();
    mError->setText(mInventory->error().isEmpty()
            ? QString()
            : StatusStyle::badgeHtml(StatusStyle::Kind::Error, mInventory->error(), palette()));

    QList<std::pair<QString, QString>> namespaces;
    for (const QString &ns : mInventory->offeredNamespaces()) {
        namespaces.append({ns, ns});
    }
    // A list that has not arrived yet must not wipe the draft's choice (an edited relationship's values).
    if (!mInventory->isLoaded() && mNamespace->count() == 0 && namespaces.isEmpty()) {
        updateInfo();
        return;
    }
    WizardCombo::setItems(mNamespace, namespaces, draft->sourceNamespace());
    draft->setSourceNamespace(namespaceName());
    mInventory->loadNamespace(namespaceName());

    QList<std::pair<QString, QString>> pvcs;
    for (const RelationshipPreflight::SourceChoice &choice :
        RelationshipPreflight::sourceChoices(*mInventory, namespaceName(), w->relationships(), w->currentContext(),
            draft->isExisting() ? draft->name() : QString())) {
        QString text = QStringLiteral("%1  (%2)").arg(choice.pvc.name, choice.pvc.size());
        if (!choice.isRecommended()) {
            text += QStringLiteral(" — ") + choice.note;
        }
        pvcs.append({text, choice.pvc.name});
    }
    if (mInventory->isNamespaceLoaded(namespaceName())) {
        WizardCombo::setItems(mPvc, pvcs, draft->sourcePvc());
        draft->setSourcePvc(pvcName());
    } else {
        WizardCombo::setItems(mPvc, {}, QString());
    }

    QList<std::pair<QString, QString>> storageClasses {{tr("Same as the volume"), QString()}};
    for (const ClusterInventory::StorageClass &sc : mInventory->storageClasses()) {
        storageClasses.append({sc.name, sc.name});
    }
    WizardCombo::setItems(mStorageClass, storageClasses, draft->sourceStorageClass());
    if (mInventory->isLoaded()) {
        draft->setSourceStorageClass(storageClass());
    }
    QList<std::pair<QString, QString>> snapshotClasses {{tr("Cluster default"), QString()}};
    for (const ClusterInventory::SnapshotClass &vsc : mInventory->snapshotClasses()) {
        snapshotClasses.append({vsc.name, vsc.name});
    }
    WizardCombo::setItems(mSnapshotClass, snapshotClasses, draft->sourceSnapshotClass());
    if (mInventory->isLoaded()) {
        draft->setSourceSnapshotClass(snapshotClass());
    }
    updateInfo();
}

void WizardSourcePage::updateInfo()
{
    SetupWizard *w = setupWizard();
    if (!w || !mInventory) {
        return;
    }
    const auto pvc = mInventory->pvc(namespaceName(), pvcName());
    if (!pvc) {
        mPvcInfo->setText(mInventory->isNamespaceLoaded(namespaceName()) && mInventory->pvcs(namespaceName()).isEmpty()
                ? tr("This namespace has no volumes (PVCs).")
                : QString());
    } else {
        mPvcInfo->setText(
            tr("%1, %2, storage class %3; %4")
                .arg(pvc->size(), pvc->accessModes.join(QStringLiteral(", ")),
                    pvc->storageClass.isEmpty() ? tr("(default)") : pvc->storageClass,
                    pvc->usedBy.isEmpty() ? tr("not in use by a pod")
                                          : tr("in use by %1").arg(pvc->usedBy.join(QStringLiteral(", ")))));
    }
    mCopyExplanation->setText(copyMethodExplanation(copyMethod()));
    mFindings->setText(WizardFindings::html(isLoaded() ? findings() : QList<DraftFinding>(), palette()));
    Q_EMIT completeChanged();
}

bool WizardSourcePage::isLoaded() const
{
    return mInventory && mInventory->isLoaded()
        && (namespaceName().isEmpty() || mInventory->isNamespaceLoaded(namespaceName()));
}

QStringList WizardSourcePage::pvcEntries() const
{
    QStringList entries;
    for (int i = 0; i < mPvc->count(); ++i) {
        entries.append(mPvc->itemText(i));
    }
    return entries;
}

QList<DraftFinding> WizardSourcePage::findings() const
{
    SetupWizard *w = setupWizard();
    return w ? RelationshipPreflight::source(*w->draft(), w->preflightContext()) : QList<DraftFinding>();
}

QString WizardSourcePage::namespaceName() const
{
    return mNamespace->currentData().toString();
}

QString WizardSourcePage::pvcName() const
{
    return mPvc->currentData().toString();
}

bool WizardSourcePage::select(const QString &which, const QString &text)
{
    QComboBox *combo = which == QLatin1String("context") ? mContext
        : which == QLatin1String("namespace")            ? mNamespace
        : which == QLatin1String("pvc")                  ? mPvc
        : which == QLatin1String("copyMethod")           ? mCopyMethod
        : which == QLatin1String("storageClass")         ? mStorageClass
                                                         : mSnapshotClass;
    return WizardCombo::selectData(combo, text);
}
