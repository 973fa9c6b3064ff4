// The model settings, offscreen: every router is offered, each shows only its own
// parameters, and a bad combination marks the field it is about.
#include "ui/settings/capacity_settings.h"
#include "ui/settings/model_panel.h"
#include "ui/settings/router_settings.h"
#include "ui/settings/settings_form.h"
#include "ui/settings/shape_settings.h"
#include "ui/settings/training_settings.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSpinBox>
#include <QTabWidget>
#include <QCoreApplication>
#include <QTest>

using namespace moe::ui;
using moe::RouterKind;

Q_DECLARE_METATYPE(moe::RouterKind)

class TestModelPanel : public QObject {
    Q_OBJECT
private slots:
    void offersEveryRouter();
    void routerShowsOnlyItsParameters_data();
    void routerShowsOnlyItsParameters();
    void everyControlExplainsItself();
    void topKAboveExpertsIsMarked();
    void badTopPThresholdIsMarked();
    void groupsNotDividingExpertsMarksTheShapeTab();
    void expertChoiceNeedsABatch();
    void unusedParametersCannotMakeTheConfigInvalid();
    void blockModeShowsItsOwnSettings();
    void evaluationCapacityFollowsTrainingUnlessSet();
    void configRoundTrips();
    void buildErrorMarksTheFieldItNames();
    void rowsKeepTheirHeightAsTheyComeAndGo();
    void fitsTheSettingsColumn();

private:
    static void chooseRouter(ModelPanel& panel, RouterKind router);
    template <class T>
    static T* field(ModelPanel& panel, const char* option);
};

void TestModelPanel::chooseRouter(ModelPanel& panel, RouterKind router) {
    // As a user does on the closed combo box: Home, then Down to the entry.
    QComboBox* box = panel.routerSettings()->routerBox();
    const int target = box->findData(static_cast<int>(router));
    QVERIFY(target >= 0);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Home);
    for (int i = 0; i < target; ++i) QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(box->currentIndex(), target);
    QCOMPARE(panel.config().model.router, router);
}

template <class T>
T* TestModelPanel::field(ModelPanel& panel, const char* option) {
    T* w = panel.findChild<T*>(QString::fromLatin1(option));
    if (!w) qWarning("no field %s", option);
    return w;
}

void TestModelPanel::offersEveryRouter() {
    ModelPanel panel;
    QComboBox* box = panel.routerSettings()->routerBox();
    QCOMPARE(box->count(), static_cast<int>(moe::allRouters().size()));
    for (RouterKind r : moe::allRouters()) {
        const int i = box->findText(QString::fromLatin1(moe::routerName(r)));
        QVERIFY2(i >= 0, moe::routerName(r));
        QCOMPARE(box->itemData(i, Qt::ToolTipRole).toString(),
                 QString::fromUtf8(moe::routerDescription(r)));
    }
    QCOMPARE(panel.config().model.router, RouterKind::SoftmaxTopK);  // the default
}

void TestModelPanel::routerShowsOnlyItsParameters_data() {
    QTest::addColumn<RouterKind>("router");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<bool>("capacity");
    const QString k = QStringLiteral("top-k");
    QTest::newRow("dense") << RouterKind::Dense << QStringList{QStringLiteral("z-loss")} << true;
    QTest::newRow("softmax-topk") << RouterKind::SoftmaxTopK
                                  << QStringList{k, QStringLiteral("renormalize"),
                                                 QStringLiteral("balance-loss"), QStringLiteral("z-loss")}
                                  << true;
    QTest::newRow("switch") << RouterKind::Switch
                            << QStringList{QStringLiteral("jitter"), QStringLiteral("balance-loss"),
                                           QStringLiteral("z-loss")}
                            << true;
    QTest::newRow("noisy-topk") << RouterKind::NoisyTopK
                                << QStringList{k, QStringLiteral("importance-loss"),
                                               QStringLiteral("balance-loss"), QStringLiteral("z-loss")}
                                << true;
    QTest::newRow("expert-choice") << RouterKind::ExpertChoice
                                   << QStringList{QStringLiteral("expert-choice-factor"),
                                                  QStringLiteral("expert-choice-note"),
                                                  QStringLiteral("z-loss")}
                                   << false;
    QTest::newRow("top-p") << RouterKind::TopP
                           << QStringList{QStringLiteral("top-p"), QStringLiteral("entropy-loss"),
                                          QStringLiteral("balance-loss"), QStringLiteral("z-loss")}
                           << true;
    QTest::newRow("sigmoid-bias") << RouterKind::SigmoidBias
                                  << QStringList{k, QStringLiteral("bias-update-rate"),
                                                 QStringLiteral("balance-loss"), QStringLiteral("z-loss")}
                                  << true;
    QTest::newRow("hash") << RouterKind::Hash << QStringList{k} << true;
}

void TestModelPanel::routerShowsOnlyItsParameters() {
    QFETCH(RouterKind, router);
    QFETCH(QStringList, shown);
    QFETCH(bool, capacity);
    ModelPanel panel;
    panel.show();
    chooseRouter(panel, router);
    const QStringList optional = {
        QStringLiteral("top-k"), QStringLiteral("renormalize"), QStringLiteral("jitter"),
        QStringLiteral("top-p"), QStringLiteral("entropy-loss"), QStringLiteral("importance-loss"),
        QStringLiteral("expert-choice-factor"), QStringLiteral("expert-choice-note"),
        QStringLiteral("bias-update-rate")};
    for (const QString& option : optional)
        QVERIFY2(panel.routerSettings()->form()->isRowShown(option) == shown.contains(option),
                 qPrintable(option));
    for (const QString& option : {QStringLiteral("balance-loss"), QStringLiteral("z-loss")})
        QVERIFY2(panel.trainingSettings()->form()->isRowShown(option) == shown.contains(option),
                 qPrintable(option));
    QCOMPARE(field<QDoubleSpinBox>(panel, "capacity-factor")->isEnabled(), capacity);
    QCOMPARE(panel.capacitySettings()->form()->isRowShown(QStringLiteral("expert-choice-capacity")),
             !capacity);
    // The chooser's tooltip describes the chosen router, and the defaults are valid.
    QVERIFY(panel.routerSettings()->routerBox()->toolTip().contains(
        QString::fromUtf8(moe::routerDescription(router)).toHtmlEscaped()));
    QVERIFY2(panel.isValid(), qPrintable(panel.validationMessage()));
    QVERIFY(!panel.findChild<QLabel*>(QStringLiteral("modelSummary"))->text().isEmpty());
}

void TestModelPanel::everyControlExplainsItself() {
    ModelPanel panel;
    int controls = 0;
    for (QWidget* w : panel.findChildren<QWidget*>()) {
        if (!qobject_cast<QAbstractSpinBox*>(w) && !qobject_cast<QComboBox*>(w) &&
            !qobject_cast<QCheckBox*>(w))
            continue;
        if (w->parent() && qobject_cast<QAbstractSpinBox*>(w->parent())) continue;  // internals
        ++controls;
        QVERIFY2(w->toolTip().size() > 20, qPrintable(w->objectName()));
    }
    QVERIFY(controls >= 25);
}

void TestModelPanel::topKAboveExpertsIsMarked() {
    ModelPanel panel;
    panel.show();
    SettingsForm* form = panel.routerSettings()->form();
    field<QSpinBox>(panel, "experts")->setValue(2);
    field<QSpinBox>(panel, "top-k")->setValue(3);
    QVERIFY(!panel.isValid());
    QVERIFY(field<QSpinBox>(panel, "top-k")->property("invalid").toBool());
    QVERIFY(form->error(QStringLiteral("top-k")).contains(QStringLiteral("cannot exceed")));
    QWidget* errorRow = panel.findChild<QWidget*>(QStringLiteral("top-k-error"));
    QVERIFY(errorRow && errorRow->isVisibleTo(&panel));
    auto* error = panel.findChild<QLabel*>(QStringLiteral("modelError"));
    QVERIFY(error->isVisibleTo(&panel));
    QVERIFY(error->text().contains(QStringLiteral("Top-k")));

    field<QSpinBox>(panel, "top-k")->setValue(2);
    QVERIFY(panel.isValid());
    QVERIFY(!field<QSpinBox>(panel, "top-k")->property("invalid").toBool());
    QVERIFY(!errorRow->isVisibleTo(&panel));
    QVERIFY(!error->isVisibleTo(&panel));
}

void TestModelPanel::badTopPThresholdIsMarked() {
    ModelPanel panel;
    panel.show();
    chooseRouter(panel, RouterKind::TopP);
    auto* threshold = field<QDoubleSpinBox>(panel, "top-p");
    threshold->setValue(0.0);
    QVERIFY(!panel.isValid());
    QVERIFY(threshold->property("invalid").toBool());
    QVERIFY(panel.routerSettings()->form()->error(QStringLiteral("top-p")).contains(QStringLiteral("(0, 1]")));
    QVERIFY(panel.validationMessage().startsWith(QStringLiteral("Threshold p")));
    threshold->setValue(0.5);
    QVERIFY(panel.isValid());
    // Another router does not use the threshold, so a bad one cannot block it.
    threshold->setValue(0.0);
    chooseRouter(panel, RouterKind::SoftmaxTopK);
    QVERIFY(panel.isValid());
}

void TestModelPanel::groupsNotDividingExpertsMarksTheShapeTab() {
    ModelPanel panel;
    panel.show();
    field<QSpinBox>(panel, "groups")->setValue(3);  // 8 experts
    QVERIFY(!panel.isValid());
    QVERIFY(panel.shapeSettings()->form()->error(QStringLiteral("groups")).contains(QStringLiteral("divide")));
    QVERIFY(!panel.tabs()->tabIcon(ModelPanel::ShapeSection).isNull());
    QVERIFY(panel.tabs()->tabIcon(ModelPanel::TrainingSection).isNull());
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("modelError"))->text().contains(QStringLiteral("Shape")));
    field<QSpinBox>(panel, "groups")->setValue(2);
    QVERIFY(panel.isValid());
    QVERIFY(panel.tabs()->tabIcon(ModelPanel::ShapeSection).isNull());
    // A hierarchical gate needs a softmax router: the groups field says so.
    chooseRouter(panel, RouterKind::Hash);
    QVERIFY(!panel.isValid());
    QVERIFY(panel.shapeSettings()->form()->error(QStringLiteral("groups")).contains(QStringLiteral("softmax")));
}

void TestModelPanel::expertChoiceNeedsABatch() {
    ModelPanel panel;
    panel.show();
    chooseRouter(panel, RouterKind::ExpertChoice);
    field<QSpinBox>(panel, "batch")->setValue(1);
    QVERIFY(!panel.isValid());
    QVERIFY(panel.trainingSettings()->form()->error(QStringLiteral("batch")).contains(QStringLiteral("batch")));
    QVERIFY(!panel.tabs()->tabIcon(ModelPanel::TrainingSection).isNull());
    chooseRouter(panel, RouterKind::SoftmaxTopK);  // a batch of 1 is fine for token choice
    QVERIFY(panel.isValid());
}

void TestModelPanel::unusedParametersCannotMakeTheConfigInvalid() {
    ModelPanel panel;
    // One expert: expert choice's default c = 2 would exceed it, but softmax top-k ignores c.
    field<QSpinBox>(panel, "top-k")->setValue(1);
    field<QSpinBox>(panel, "experts")->setValue(1);
    QVERIFY2(panel.isValid(), qPrintable(panel.validationMessage()));
    // Switch is top-1 whatever the top-k field says.
    field<QSpinBox>(panel, "experts")->setValue(8);
    field<QSpinBox>(panel, "top-k")->setValue(2);
    chooseRouter(panel, RouterKind::Switch);
    QVERIFY(panel.isValid());
    QCOMPARE(panel.config().model.topK, 1);
    // Dense and hash have no load to balance: the balance loss is not in force.
    chooseRouter(panel, RouterKind::Hash);
    QCOMPARE(panel.config().train.balanceLoss, 0.0);
}

void TestModelPanel::blockModeShowsItsOwnSettings() {
    ModelPanel panel;
    SettingsForm* form = panel.shapeSettings()->form();
    QVERIFY(form->isRowShown(QStringLiteral("mixture-loss")));
    QVERIFY(!form->isRowShown(QStringLiteral("layers")));
    field<QSpinBox>(panel, "layers")->setValue(3);
    QCOMPARE(panel.config().model.layers, 1);  // a mixture has one MoE layer
    auto* mode = field<QComboBox>(panel, "mode");
    mode->setCurrentIndex(mode->findData(static_cast<int>(moe::MoeMode::Block)));
    QVERIFY(!form->isRowShown(QStringLiteral("mixture-loss")));
    QVERIFY(form->isRowShown(QStringLiteral("layers")));
    QVERIFY(form->isRowShown(QStringLiteral("model-width")));
    QCOMPARE(panel.config().model.mode, moe::MoeMode::Block);
    QCOMPARE(panel.config().model.layers, 3);
    QVERIFY(panel.isValid());
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("modelSummary"))->text().contains(QStringLiteral("3 residual")));
}

void TestModelPanel::evaluationCapacityFollowsTrainingUnlessSet() {
    ModelPanel panel;
    QCOMPARE(panel.config().model.evalCapacityFactor, -1.0);
    field<QDoubleSpinBox>(panel, "capacity-factor")->setValue(1.25);
    QCOMPARE(panel.config().model.capacityFactor, 1.25);
    QCOMPARE(panel.config().model.inferenceCapacityFactor(), 1.25);
    panel.capacitySettings()->evalAsTraining()->setChecked(false);
    auto* eval = panel.findChild<QWidget*>(QStringLiteral("eval-capacity-factor"))->findChild<QDoubleSpinBox*>();
    QVERIFY(eval->isEnabled());
    eval->setValue(0.0);
    QCOMPARE(panel.config().model.evalCapacityFactor, 0.0);
    QVERIFY(field<QComboBox>(panel, "capacity-policy")->isEnabled());
}

void TestModelPanel::configRoundTrips() {
    ModelPanel panel;
    moe::RunConfig c = panel.config();
    c.model.router = RouterKind::NoisyTopK;
    c.model.experts = 6;
    c.model.topK = 3;
    c.model.groups = 1;
    c.model.mode = moe::MoeMode::Block;
    c.model.layers = 2;
    c.model.modelWidth = 24;
    c.model.hidden = 20;
    c.model.activation = moe::Activation::Gelu;
    c.model.sharedExperts = 1;
    c.model.capacityFactor = 1.5;
    c.model.evalCapacityFactor = 2.0;
    c.model.capacityPolicy = moe::CapacityPolicy::Probs;
    c.model.renormalizeAfterDrop = true;
    c.train.importanceLoss = 0.02;
    c.train.epochs = 7;
    c.train.batch = 64;
    c.train.seed = 42;
    c.train.lrSchedule = moe::LrSchedule::Constant;
    c.train.weightDecay = 0.25;
    c.train.clipNorm = 0.0;
    c.train.validationFraction = 0.3;
    c.train.patience = 12;
    panel.setConfig(c);
    const moe::RunConfig back = panel.config();
    QCOMPARE(back.model.router, c.model.router);
    QCOMPARE(back.model.experts, 6);
    QCOMPARE(back.model.topK, 3);
    QCOMPARE(back.model.mode, moe::MoeMode::Block);
    QCOMPARE(back.model.layers, 2);
    QCOMPARE(back.model.modelWidth, 24);
    QCOMPARE(back.model.hidden, 20);
    QCOMPARE(back.model.activation, moe::Activation::Gelu);
    QCOMPARE(back.model.sharedExperts, 1);
    QCOMPARE(back.model.capacityFactor, 1.5);
    QCOMPARE(back.model.evalCapacityFactor, 2.0);
    QCOMPARE(back.model.capacityPolicy, moe::CapacityPolicy::Probs);
    QVERIFY(back.model.renormalizeAfterDrop);
    QCOMPARE(back.train.importanceLoss, 0.02);
    QCOMPARE(back.train.epochs, 7);
    QCOMPARE(back.train.batch, 64);
    QCOMPARE(back.train.seed, std::uint64_t{42});
    QCOMPARE(back.train.lrSchedule, moe::LrSchedule::Constant);
    QCOMPARE(back.train.weightDecay, 0.25);
    QCOMPARE(back.train.clipNorm, 0.0);
    QCOMPARE(back.train.validationFraction, 0.3);
    QCOMPARE(back.train.patience, 12);
    QVERIFY(panel.isValid());
    // The off values read as words, not as a 0 that looks like a setting.
    QCOMPARE(field<QDoubleSpinBox>(panel, "clip-norm")->text(), QStringLiteral("off"));
    panel.trainingSettings()->setConfig(moe::RunConfig{});
    QCOMPARE(panel.config().train.patience, moe::TrainConfig{}.patience);
    QCOMPARE(panel.config().train.lrSchedule, moe::LrSchedule::Cosine);
}

void TestModelPanel::buildErrorMarksTheFieldItNames() {
    ModelPanel panel;
    panel.show();
    SettingsForm* form = panel.trainingSettings()->form();
    QVERIFY(panel.markBuildError(QStringLiteral(
        "--validation-fraction: leaves class 'b' with no training row (1 to train, 2 to validate, 1 to test)")));
    QVERIFY(form->error(QStringLiteral("validation-fraction")).contains(QStringLiteral("class 'b'")));
    QVERIFY(panel.validationMessage().startsWith(QStringLiteral("Validation split")));
    // A message about the data that names the options to change marks the one the panel has.
    QVERIFY(panel.markBuildError(QStringLiteral(
        "the dataset 'tiny' has 4 rows, too few for the splits: 3 to train, 0 to validate, 1 to "
        "test (--test-fraction, --validation-fraction)")));
    QVERIFY(form->error(QStringLiteral("validation-fraction")).contains(QStringLiteral("too few")));
    // One that names no field marks nothing; the next edit clears the mark.
    QVERIFY(!panel.markBuildError(QStringLiteral("out of memory")));
    QVERIFY(form->error(QStringLiteral("validation-fraction")).contains(QStringLiteral("too few")));
    field<QSpinBox>(panel, "patience")->setValue(5);
    QVERIFY(form->error(QStringLiteral("validation-fraction")).isEmpty());
}

void TestModelPanel::rowsKeepTheirHeightAsTheyComeAndGo() {
    // Errors and router parameters appear and disappear; every visible field must keep its
    // full height inside its form, and the tabs must start below the router's rows.
    ModelPanel panel;
    panel.resize(262, 700);
    panel.show();
    auto check = [&](const char* step) {
        QCoreApplication::processEvents();
        SettingsForm* form = panel.routerSettings()->form();
        for (QWidget* w : form->findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
            if (!w->isVisible() || w->objectName().isEmpty()) continue;
            QVERIFY2(w->height() >= w->minimumSizeHint().height(), qPrintable(QStringLiteral("%1: %2").arg(step, w->objectName())));
            QVERIFY2(w->geometry().bottom() < form->height(), qPrintable(QStringLiteral("%1: %2").arg(step, w->objectName())));
        }
        const int routerBottom = panel.routerSettings()->mapTo(&panel, QPoint(0, panel.routerSettings()->height())).y();
        QVERIFY2(panel.tabs()->y() >= routerBottom, step);
        QVERIFY2(panel.routerSettings()->height() <= form->sizeHint().height() + 1 ||
                     form->hasError(),
                 step);  // no stale height left over from an error that went away
    };
    check("start");
    chooseRouter(panel, RouterKind::ExpertChoice);
    check("expert-choice");
    chooseRouter(panel, RouterKind::SoftmaxTopK);
    field<QSpinBox>(panel, "experts")->setValue(2);
    field<QSpinBox>(panel, "top-k")->setValue(3);
    check("bad top-k");
    field<QSpinBox>(panel, "top-k")->setValue(2);
    field<QSpinBox>(panel, "experts")->setValue(8);
    check("fixed top-k");
    chooseRouter(panel, RouterKind::TopP);
    field<QDoubleSpinBox>(panel, "top-p")->setValue(0.0);
    check("bad top-p");
    field<QDoubleSpinBox>(panel, "top-p")->setValue(0.5);
    check("fixed top-p");
}

void TestModelPanel::fitsTheSettingsColumn() {
    // At 1280x800 the settings column is about 280 px wide; with its scroll bar, margins and
    // group box the panel gets about 235. It must never need more, whatever is shown.
    ModelPanel panel;
    panel.show();
    auto* mode = field<QComboBox>(panel, "mode");
    for (int m = 0; m < mode->count(); ++m) {
        mode->setCurrentIndex(m);
        for (RouterKind r : moe::allRouters()) {
            chooseRouter(panel, r);
            QVERIFY2(panel.minimumSizeHint().width() <= 230,
                     qPrintable(QStringLiteral("%1: %2 px").arg(QString::fromLatin1(moe::routerName(r)))
                                    .arg(panel.minimumSizeHint().width())));
        }
    }
}

QTEST_MAIN(TestModelPanel)
#include "tst_model_panel.moc"
