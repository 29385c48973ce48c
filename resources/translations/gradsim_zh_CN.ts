<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Inputs</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>w = {} (initial)</source>
        <translation>w = {}（初始值）</translation>
    </message>
    <message>
        <source>w = {} after step {}</source>
        <translation>w = {}（第 {} 步之后）</translation>
    </message>
    <message>
        <source>∂E/∂w = {} in step {} (its batch, at the weights before its update)</source>
        <translation>∂E/∂w = {}，第 {} 步算出（用该步的批次，在该步更新之前的权重上）</translation>
    </message>
    <message>
        <source>∂E/∂w: none yet — no step has computed one (the chain-rule panel derives it at these weights)</source>
        <translation>∂E/∂w：尚无——还没有哪一步计算过它（链式法则面板会在当前权重上推导它）</translation>
    </message>
    <message>
        <source>{} inputs</source>
        <translation>{} 个输入</translation>
    </message>
    <message>
        <source>1 input</source>
        <translation>1 个输入</translation>
    </message>
    <message>
        <source>Batch normalization</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>Remove a neuron from H{}</source>
        <translation>从 H{} 删除一个神经元</translation>
    </message>
    <message>
        <source>Add a neuron to H{}</source>
        <translation>向 H{} 添加一个神经元</translation>
    </message>
    <message>
        <source>In</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>click to select · right-click to remove</source>
        <translation>单击选中 · 右键删除</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>right-click to restore</source>
        <translation>右键恢复</translation>
    </message>
    <message>
        <source>input (batch mean)</source>
        <translation>输入（批均值）</translation>
    </message>
    <message>
        <source>activation (batch mean)</source>
        <translation>激活值（批均值）</translation>
    </message>
    <message>
        <source>{} = {} in step {}</source>
        <translation>{} = {}（第 {} 步）</translation>
    </message>
    <message>
        <source>{}: none yet — no step has run a batch through</source>
        <translation>{}：尚无——还没有哪一步让一批数据通过网络</translation>
    </message>
    <message>
        <source>‖∂E/∂a‖ = {} in step {}</source>
        <translation>‖∂E/∂a‖ = {}（第 {} 步）</translation>
    </message>
    <message>
        <source>bias = {} (initial)</source>
        <translation>偏置 = {}（初始值）</translation>
    </message>
    <message>
        <source>bias = {} after step {}</source>
        <translation>偏置 = {}（第 {} 步之后）</translation>
    </message>
    <message>
        <source>right-click for layer and neuron edits</source>
        <translation>右键编辑该层和神经元</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等映射</translation>
    </message>
    <message>
        <source>learned projection</source>
        <translation>可学习投影</translation>
    </message>
    <message>
        <source>Residual</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>adds 1 to ∂a/∂a on this path</source>
        <translation>在这条路径上给 ∂a/∂a 加 1</translation>
    </message>
    <message>
        <source>right-click to remove</source>
        <translation>右键删除</translation>
    </message>
    <message>
        <source>Select {}</source>
        <translation>选择 {}</translation>
    </message>
    <message>
        <source>Remove edge {}</source>
        <translation>删除连接 {}</translation>
    </message>
    <message>
        <source>Restore edge {}</source>
        <translation>恢复连接 {}</translation>
    </message>
    <message>
        <source>Remove residual connection into {}</source>
        <translation>删除通向 {} 的残差连接</translation>
    </message>
    <message>
        <source>Remove residual into {}</source>
        <translation>删除通向 {} 的残差</translation>
    </message>
    <message>
        <source>Remove neuron {}</source>
        <translation>删除神经元 {}</translation>
    </message>
    <message>
        <source>Add hidden layer</source>
        <translation>添加隐藏层</translation>
    </message>
    <message>
        <source>Restore all edges</source>
        <translation>恢复所有连接</translation>
    </message>
    <message>
        <source>Fit network in view</source>
        <translation>让网络适应视图</translation>
    </message>
    <message>
        <source>Input size follows the dataset ({})</source>
        <translation>输入大小由数据集（{}）决定</translation>
    </message>
    <message>
        <source>Insert a hidden layer after the inputs</source>
        <translation>在输入层之后插入隐藏层</translation>
    </message>
    <message>
        <source>Insert hidden layer</source>
        <translation>插入隐藏层</translation>
    </message>
    <message>
        <source>Insert a hidden layer before {}</source>
        <translation>在 {} 之前插入隐藏层</translation>
    </message>
    <message>
        <source>Insert a hidden layer after {}</source>
        <translation>在 {} 之后插入隐藏层</translation>
    </message>
    <message>
        <source>Remove {}</source>
        <translation>删除 {}</translation>
    </message>
    <message>
        <source>Output size follows the dataset ({})</source>
        <translation>输出大小由数据集（{}）决定</translation>
    </message>
    <message>
        <source>Activation of {}</source>
        <translation>{} 的激活函数</translation>
    </message>
    <message>
        <source>{}: activation {}</source>
        <translation>{}：激活函数 {}</translation>
    </message>
    <message>
        <source>Batch norm on {}</source>
        <translation>{} 上的批归一化</translation>
    </message>
    <message>
        <source>{}: batch norm off</source>
        <translation>{}：关闭批归一化</translation>
    </message>
    <message>
        <source>{}: batch norm on</source>
        <translation>{}：开启批归一化</translation>
    </message>
    <message>
        <source>Residual connection into {}</source>
        <translation>通向 {} 的残差连接</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>projection</source>
        <translation>投影</translation>
    </message>
    <message>
        <source>from {} ({})</source>
        <translation>来自 {}（{}）</translation>
    </message>
    <message>
        <source>Residual {} → {}</source>
        <translation>残差 {} → {}</translation>
    </message>
    <message>
        <source>Edge colour: |∂E/∂w| of the last step; neuron ring: ‖∂E/∂a‖ over the batch; both on the same log scale. Edge width: |w|. Neuron fill: mean activation (blue &lt; 0 &lt; orange).</source>
        <translation>连线颜色：上一步的 |∂E/∂w|；神经元外环：整批的 ‖∂E/∂a‖；两者使用同一对数色标。连线粗细：|w|。神经元填充：平均激活值（蓝 &lt; 0 &lt; 橙）。</translation>
    </message>
    <message>
        <source>(log)</source>
        <translation>（对数）</translation>
    </message>
    <message>
        <source>width ∝ |w|   fill = activation</source>
        <translation>线宽 ∝ |w|   填充 = 激活值</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加快</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减慢</translation>
    </message>
    <message>
        <source>[ slower, ] faster</source>
        <translation>[ 减慢，] 加快</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Network canvas</source>
        <translation>网络画布</translation>
    </message>
    <message>
        <source>The network: edges coloured by |∂E/∂w|. Select a weight with Ctrl+G, or . and , to step through the weights</source>
        <translation>网络：边按 |∂E/∂w| 着色。用 Ctrl+G 选择权重，或用 . 和 , 逐个切换权重</translation>
    </message>
    <message>
        <source>Colour key</source>
        <translation>颜色图例</translation>
    </message>
    <message>
        <source>Colour scale of the gradients, from its smallest to its largest power of ten</source>
        <translation>梯度的颜色刻度，从最小到最大的 10 的幂</translation>
    </message>
    <message>
        <source>Training plots</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Gradient norms, gradient flow, loss and backward gain</source>
        <translation>梯度范数、梯度流、损失和反向增益</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Presentation mode on</source>
        <translation>演示模式已开启</translation>
    </message>
    <message>
        <source>Presentation mode off</source>
        <translation>演示模式已关闭</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About gradsim</source>
        <translation>关于 gradsim(&amp;A)</translation>
    </message>
    <message>
        <source>Speed: {}</source>
        <translation>速度：{}</translation>
    </message>
    <message>
        <source>Theme: {}</source>
        <translation>主题：{}</translation>
    </message>
    <message>
        <source>Language: {}</source>
        <translation>语言：{}</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>See vanishing and exploding gradients: backpropagation, the chain rule and their remedies, live.</source>
        <translation>亲眼看到梯度消失与梯度爆炸：反向传播、链式法则以及各种补救方法，实时呈现。</translation>
    </message>
    <message>
        <source>MIT licence.</source>
        <translation>MIT 许可证。</translation>
    </message>
    <message>
        <source>About gradsim</source>
        <translation>关于 gradsim</translation>
    </message>
    <message>
        <source>Ready: press Play (Space) or Step to train</source>
        <translation>就绪：按“播放”（空格）或“单步”开始训练</translation>
    </message>
    <message>
        <source>gradsim files (*.gradsim);;JSON (*.json);;All files (*)</source>
        <translation>gradsim 文件 (*.gradsim);;JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to “{}” before closing?</source>
        <translation>关闭前是否保存对“{}”的更改？</translation>
    </message>
    <message>
        <source>Your changes will be lost if you don&apos;t save them.</source>
        <translation>如果不保存，您的更改将会丢失。</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>gradsim did not close normally. Unsaved work on “{}” was autosaved at {}.

Recover it?</source>
        <translation>gradsim 上次没有正常关闭。“{}”中未保存的工作已于 {} 自动保存。

要恢复它吗？</translation>
    </message>
    <message>
        <source>Open network</source>
        <translation>打开网络</translation>
    </message>
    <message>
        <source>Save network as</source>
        <translation>网络另存为</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Clear recent files</source>
        <translation>清除最近文件列表</translation>
    </message>
    <message>
        <source>Untitled ({})</source>
        <translation>未命名（{}）</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Could not open file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>“{}” is not a usable gradsim file:

{}</source>
        <translation>“{}”不是可用的 gradsim 文件：

{}</translation>
    </message>
    <message>
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saving “{}” failed; the previous file is unchanged.

{}</source>
        <translation>保存“{}”失败；原有文件保持不变。

{}</translation>
    </message>
    <message>
        <source>Saved {} (step {})</source>
        <translation>已保存 {}（第 {} 步）</translation>
    </message>
    <message>
        <source>Autosave failed: {}</source>
        <translation>自动保存失败：{}</translation>
    </message>
    <message>
        <source>the autosave folder {} cannot be used</source>
        <translation>自动保存文件夹 {} 无法使用</translation>
    </message>
    <message>
        <source>Could not recover</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>Recovered unsaved work from {}</source>
        <translation>已恢复 {} 的未保存工作</translation>
    </message>
    <message>
        <source>could not write {}</source>
        <translation>无法写入 {}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Exported {}</source>
        <translation>已导出 {}</translation>
    </message>
    <message>
        <source>Export everything to a folder</source>
        <translation>全部导出到文件夹</translation>
    </message>
    <message>
        <source>Exported {} files to {}</source>
        <translation>已导出 {} 个文件到 {}</translation>
    </message>
    <message>
        <source>Network canvas (PNG/SVG)…</source>
        <translation>网络画布（PNG/SVG）…</translation>
    </message>
    <message>
        <source>Export network</source>
        <translation>导出网络</translation>
    </message>
    <message>
        <source>Plot (PNG/SVG)</source>
        <translation>图表（PNG/SVG）</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Run history (CSV/JSON)…</source>
        <translation>训练历史（CSV/JSON）…</translation>
    </message>
    <message>
        <source>Export run history</source>
        <translation>导出训练历史</translation>
    </message>
    <message>
        <source>Everything to a folder…</source>
        <translation>全部导出到文件夹…</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图片尺寸</translation>
    </message>
    <message>
        <source>As on screen</source>
        <translation>与屏幕相同</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>Step-through</source>
        <translation>逐步演示</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Through time</source>
        <translation>随时间</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Select &amp;weight…</source>
        <translation>选择权重(&amp;W)…</translation>
    </message>
    <message>
        <source>Select any weight by its name, e.g. W2[0,1] (Ctrl+G)</source>
        <translation>按名字选择任意权重，例如 W2[0,1]（Ctrl+G）</translation>
    </message>
    <message>
        <source>Next weight</source>
        <translation>下一个权重</translation>
    </message>
    <message>
        <source>Previous weight</source>
        <translation>上一个权重</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Larger text, thicker lines and fewer ticks, for a projector (Ctrl+Shift+P)</source>
        <translation>更大的文字、更粗的线条、更少的刻度，适合投影（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Lesson</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>A guided lesson: the lecture on vanishing and exploding gradients, step by step</source>
        <translation>引导式课程：一步一步学习梯度消失和梯度爆炸这一讲</translation>
    </message>
    <message>
        <source>Play / pause training (Space)</source>
        <translation>播放 / 暂停训练（空格）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One optimiser step (S)</source>
        <translation>执行一步优化（S）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Re-initialise with the same seed (R)</source>
        <translation>用相同的随机种子重新初始化（R）</translation>
    </message>
    <message>
        <source>About this preset…</source>
        <translation>关于此预设…</translation>
    </message>
    <message>
        <source>What this preset shows and what to look for</source>
        <translation>这个预设演示什么、应该观察什么</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 速度 </translation>
    </message>
    <message>
        <source>max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>{} steps/s</source>
        <translation>{} 步/秒</translation>
    </message>
    <message>
        <source>Training speed (steps per second); &apos;max&apos; trains as fast as the CPU allows</source>
        <translation>训练速度（每秒步数）；“最快”表示以 CPU 允许的最快速度训练</translation>
    </message>
    <message>
        <source>Explanations</source>
        <translation>讲解</translation>
    </message>
    <message>
        <source>The chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>Vanishing gradients</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <source>Exploding gradients</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <source>How gradsim judges a run</source>
        <translation>gradsim 如何评判一次训练</translation>
    </message>
    <message>
        <source>The remedies at a glance</source>
        <translation>补救方法一览</translation>
    </message>
    <message>
        <source>What initialisation theory predicts</source>
        <translation>初始化理论的预测</translation>
    </message>
    <message>
        <source>Looking inside the layers</source>
        <translation>深入观察各层</translation>
    </message>
    <message>
        <source>Through time: why gates help</source>
        <translation>随时间展开：门控为什么有用</translation>
    </message>
    <message>
        <source>Remedy: {0}</source>
        <translation>补救方法：{0}</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>+ Layer</source>
        <translation>+ 层</translation>
    </message>
    <message>
        <source>Add a hidden layer before the output</source>
        <translation>在输出层之前添加一个隐藏层</translation>
    </message>
    <message>
        <source>− Layer</source>
        <translation>− 层</translation>
    </message>
    <message>
        <source>Remove the last hidden layer</source>
        <translation>删除最后一个隐藏层</translation>
    </message>
    <message>
        <source>Remove H{}</source>
        <translation>删除 H{}</translation>
    </message>
    <message>
        <source>Fit view</source>
        <translation>适应视图</translation>
    </message>
    <message>
        <source>Fit the whole network in the view (F); wheel zooms, drag pans</source>
        <translation>让整个网络适应视图（F）；滚轮缩放，拖动平移</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Restore all removed edges</source>
        <translation>恢复所有已删除的连接</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Compare with a remedy</source>
        <translation>与补救方法对比</translation>
    </message>
    <message>
        <source>Train the current network and the same one with this remedy side by side</source>
        <translation>并排训练当前网络和施加了该补救方法的同一网络</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Loaded preset {}</source>
        <translation>已载入预设 {}</translation>
    </message>
    <message>
        <source>Unknown edit {!r}</source>
        <translation>未知的编辑操作 {!r}</translation>
    </message>
    <message>
        <source>Can&apos;t apply “{}”: {}</source>
        <translation>无法应用“{}”：{}</translation>
    </message>
    <message>
        <source>{} — training reset</source>
        <translation>{} — 训练已重置</translation>
    </message>
    <message>
        <source>Learning rate must be above 0, got {!r}</source>
        <translation>学习率必须大于 0，当前为 {!r}</translation>
    </message>
    <message>
        <source>Learning rate {:g} (applies from the next step)</source>
        <translation>学习率 {:g}（从下一步起生效）</translation>
    </message>
    <message>
        <source>This run hit non-finite values: press Reset (R) to start again, after lowering the learning rate or enabling clipping</source>
        <translation>本次训练出现了非有限值：请先降低学习率或启用梯度裁剪，再按“重置”（R）重新开始</translation>
    </message>
    <message>
        <source>This run hit non-finite values: press Reset (R) to start again</source>
        <translation>本次训练出现了非有限值：请按“重置”（R）重新开始</translation>
    </message>
    <message>
        <source>Reset: same network, seed {}</source>
        <translation>已重置：相同网络，随机种子 {}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>step {:,}</source>
        <translation>第 {:,} 步</translation>
    </message>
    <message>
        <source>loss {}</source>
        <translation>损失 {}</translation>
    </message>
    <message>
        <source>{:,.0f} steps/s</source>
        <translation>{:,.0f} 步/秒</translation>
    </message>
    <message>
        <source>  test {}</source>
        <translation>  测试 {}</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Training error: {}</source>
        <translation>训练出错：{}</translation>
    </message>
    <message>
        <source>Selected {}</source>
        <translation>已选中 {}</translation>
    </message>
    <message>
        <source>Selected {}: {}</source>
        <translation>已选中 {}：{}</translation>
    </message>
    <message>
        <source>{} cannot be shown in the controls</source>
        <translation>{} 超出了控件能显示的范围</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Presets: the seed example first, then the deep network and its remedies</source>
        <translation>预设：先是课程中的示例网络，然后是深层网络及其补救方法</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Noise {:g}</source>
        <translation>噪声 {:g}</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Samples {}</source>
        <translation>样本数 {}</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Learning rate η; changes apply to the running training at once</source>
        <translation>学习率 η；修改会立即作用于正在进行的训练</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Optimizer {}</source>
        <translation>优化器 {}</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Momentum {:g}</source>
        <translation>动量 {:g}</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>Samples per step; 0 = the whole training set</source>
        <translation>每步的样本数；0 = 整个训练集</translation>
    </message>
    <message>
        <source>Batch size full</source>
        <translation>批大小：全部</translation>
    </message>
    <message>
        <source>Batch size {}</source>
        <translation>批大小 {}</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Loss {}</source>
        <translation>损失函数 {}</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Gradient clipping: rescale the global norm, or clamp each value</source>
        <translation>梯度裁剪：按全局范数缩放，或逐个截断数值</translation>
    </message>
    <message>
        <source>Clipping {}</source>
        <translation>梯度裁剪 {}</translation>
    </message>
    <message>
        <source>Clip threshold {:g}</source>
        <translation>裁剪阈值 {:g}</translation>
    </message>
    <message>
        <source>Clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Random seed: Reset restarts with the same one, so runs compare like for like</source>
        <translation>随机种子：“重置”使用同一个种子重新开始，便于公平比较</translation>
    </message>
    <message>
        <source>Seed {}</source>
        <translation>随机种子 {}</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Initialiser {}</source>
        <translation>初始化方法 {}</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Scale: multiplies every initial weight (&gt;1 pushes towards exploding)</source>
        <translation>缩放：乘到每个初始权重上（大于 1 会趋向梯度爆炸）</translation>
    </message>
    <message>
        <source>Init scale ×{:g}</source>
        <translation>初始化缩放 ×{:g}</translation>
    </message>
    <message>
        <source>Scale ×</source>
        <translation>缩放 ×</translation>
    </message>
    <message>
        <source>a</source>
        <translation>a</translation>
    </message>
    <message>
        <source>b</source>
        <translation>b</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>网络层</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>添加层</translation>
    </message>
    <message>
        <source>Insert a hidden layer before the output</source>
        <translation>在输出层之前插入隐藏层</translation>
    </message>
    <message>
        <source>Remove layer</source>
        <translation>删除层</translation>
    </message>
    <message>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>BN</source>
        <translation>BN</translation>
    </message>
    <message>
        <source>skip from</source>
        <translation>残差来源</translation>
    </message>
    <message>
        <source>Output size follows the dataset</source>
        <translation>输出大小由数据集决定</translation>
    </message>
    <message>
        <source>Neurons in H{}</source>
        <translation>H{} 中的神经元数</translation>
    </message>
    <message>
        <source>H{}: size {}</source>
        <translation>H{}：大小 {}</translation>
    </message>
    <message>
        <source>Batch normalization on {}</source>
        <translation>在 {} 上使用批归一化</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>H{}: residual from {}</source>
        <translation>H{}：残差来自 {}</translation>
    </message>
    <message>
        <source>Initialiser {} {:g}</source>
        <translation>初始化参数 {} {:g}</translation>
    </message>
    <message>
        <source>Dataset {}</source>
        <translation>数据集 {}</translation>
    </message>
    <message>
        <source>Gradient norms</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>‖∂E/∂W‖ per layer</source>
        <translation>各层 ‖∂E/∂W‖</translation>
    </message>
    <message>
        <source>Gradient flow (now)</source>
        <translation>梯度流（当前）</translation>
    </message>
    <message>
        <source>max σ′</source>
        <translation>σ′ 最大值</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Dashed lines: 1 (the gradient keeps its size) and 0.25 = max σ′ (sigmoid&apos;s largest slope)</source>
        <translation>虚线：1（梯度大小不变）和 0.25 = σ′ 最大值（sigmoid 的最大斜率）</translation>
    </message>
    <message>
        <source>layer: input → output</source>
        <translation>层：输入 → 输出</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Backward gain</source>
        <translation>反向增益</translation>
    </message>
    <message>
        <source>out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Could not build the network: {}</source>
        <translation>无法构建网络：{}</translation>
    </message>
    <message>
        <source>Could not continue the saved run: {}</source>
        <translation>无法继续已保存的训练：{}</translation>
    </message>
    <message>
        <source>Training failed at step {}: {}</source>
        <translation>训练在第 {} 步失败：{}</translation>
    </message>
    <message>
        <source>Could not take a snapshot: {}</source>
        <translation>无法生成快照：{}</translation>
    </message>
    <message>
        <source>Could not check {}: {}</source>
        <translation>无法检验 {}：{}</translation>
    </message>
    <message>
        <source>Could not derive the gradient: {}</source>
        <translation>无法推导梯度：{}</translation>
    </message>
    <message>
        <source>Could not compute the decision boundary: {}</source>
        <translation>无法计算决策边界：{}</translation>
    </message>
    <message>
        <source>Could not take the layers&apos; distributions: {}</source>
        <translation>无法获取各层的分布：{}</translation>
    </message>
    <message>
        <source>Could not compute the Jacobian&apos;s singular values: {}</source>
        <translation>无法计算雅可比矩阵的奇异值：{}</translation>
    </message>
    <message>
        <source>Unexpected error in the training thread: {}</source>
        <translation>训练线程出现意外错误：{}</translation>
    </message>
    <message>
        <source>not kept (the folder cannot be used)</source>
        <translation>不会保存（文件夹无法使用）</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>文件无法读取</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <source>ignored {key} = {value}</source>
        <translation>已忽略 {key} = {value}</translation>
    </message>
    <message>
        <source>the folder {folder} cannot be used ({reason}), so settings are not kept</source>
        <translation>文件夹 {folder} 无法使用（{reason}），设置不会被保存</translation>
    </message>
    <message>
        <source>{file} could not be read</source>
        <translation>无法读取 {file}</translation>
    </message>
    <message>
        <source>could not write {file}</source>
        <translation>无法写入 {file}</translation>
    </message>
    <message>
        <source>ignored {}</source>
        <translation>已忽略 {}</translation>
    </message>
    <message>
        <source>Settings: {}</source>
        <translation>设置：{}</translation>
    </message>
    <message>
        <source>Can&apos;t compare: {0}</source>
        <translation>无法比较：{0}</translation>
    </message>
    <message>
        <source>Whose pre-activations to overlay (or click a neuron)</source>
        <translation>叠加显示哪一层的预激活值（或点击一个神经元）</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Pick one of the seed&apos;s weights w1…w8 (or click an edge)</source>
        <translation>从示例的权重 w1…w8 中选一个（或点击一条连线）</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>deriving {0}…</source>
        <translation>正在推导 {0}…</translation>
    </message>
    <message>
        <source>Click another edge to change the weight</source>
        <translation>点击另一条连线以更换权重</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检验…</translation>
    </message>
    <message>
        <source>Click an edge to select its weight</source>
        <translation>点击一条连线以选择它的权重</translation>
    </message>
    <message>
        <source>Step-through unavailable: {0}</source>
        <translation>逐步演示不可用：{0}</translation>
    </message>
    <message>
        <source>Export the lesson&apos;s figures to</source>
        <translation>将课程插图导出到</translation>
    </message>
    <message>
        <source>Could not export the figures</source>
        <translation>无法导出插图</translation>
    </message>
    <message>
        <source>Could not write {}</source>
        <translation>无法写入 {}</translation>
    </message>
    <message>
        <source>Exported {n} figures of {steps} lesson steps to {folder}</source>
        <translation>已将 {steps} 个课程步骤的 {n} 张插图导出到 {folder}</translation>
    </message>
    <message>
        <source>Open a lesson file</source>
        <translation>打开课程文件</translation>
    </message>
    <message>
        <source>Lessons (*.json);;All files (*)</source>
        <translation>课程 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>You clicked {factor} = {value} (in the chain of {weight})</source>
        <translation>你点击了 {factor} = {value}（属于 {weight} 的链）</translation>
    </message>
    <message>
        <source>The numbers appear once the step is set up.</source>
        <translation>这一步设置完成后，数值就会出现。</translation>
    </message>
    <message>
        <source>Numbers as of step {step}; they are brought up to date when training pauses.</source>
        <translation>数值取自第 {step} 步；训练暂停时会更新为最新值。</translation>
    </message>
    <message>
        <source>Numbers at step {step}, as on screen.</source>
        <translation>数值为第 {step} 步的值，与屏幕上一致。</translation>
    </message>
    <message>
        <source>New to gradsim? A guided lesson walks you through vanishing and exploding gradients, step by step (also under Help → Lesson).</source>
        <translation>第一次使用 gradsim？引导式课程会带你一步一步了解梯度消失和梯度爆炸（也可以从“帮助 → 课程”打开）。</translation>
    </message>
    <message>
        <source>Start the lesson</source>
        <translation>开始课程</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Open any step directly, or export the lesson&apos;s figures for slides</source>
        <translation>直接打开任意一步，或导出课程插图用于幻灯片</translation>
    </message>
    <message>
        <source>Open step</source>
        <translation>打开步骤</translation>
    </message>
    <message>
        <source>Export the lesson&apos;s figures…</source>
        <translation>导出课程插图…</translation>
    </message>
    <message>
        <source>Open a lesson file…</source>
        <translation>打开课程文件…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Go on to the next step without doing this one</source>
        <translation>不做这一步，直接进入下一步</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Start the lesson again from the first step</source>
        <translation>从第一步重新开始课程</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>{lesson} — finished ({done} of {count} steps done)</source>
        <translation>{lesson} — 已完成（共 {count} 步，完成了 {done} 步）</translation>
    </message>
    <message>
        <source>You have reached the end of the lesson</source>
        <translation>课程已经结束</translation>
    </message>
    <message>
        <source>Press Restart to go through it again, Back to return to the last step, or open any step from the Teacher menu.</source>
        <translation>按“重新开始”再学一遍，按“上一步”回到最后一步，或从“教师”菜单打开任意一步。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Do the task (and answer the question) first, or Skip</source>
        <translation>请先完成任务（并回答问题），或者跳过</translation>
    </message>
    <message>
        <source>{lesson} — step {n} of {count}</source>
        <translation>{lesson} — 第 {n} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>Do this:</source>
        <translation>请操作：</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Not done yet</source>
        <translation>尚未完成</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>正确。</translation>
    </message>
    <message>
        <source>Not this one — look at the numbers again and try another answer.</source>
        <translation>不是这个——再看看这些数值，换一个答案试试。</translation>
    </message>
    <message>
        <source>Do the task first: the answer is judged on what it shows.</source>
        <translation>请先完成任务：答案要根据任务所显示的结果来判断。</translation>
    </message>
    <message>
        <source>Select weight</source>
        <translation>选择权重</translation>
    </message>
    <message>
        <source>Weight (e.g. W2[0,1], or w5 on the lecture&apos;s network):</source>
        <translation>权重（例如 W2[0,1]，讲义网络上也可用 w5）：</translation>
    </message>
    <message>
        <source>W1[0,0] … or w1…w8</source>
        <translation>W1[0,0] … 或 w1…w8</translation>
    </message>
    <message>
        <source>W1[0,0] …</source>
        <translation>W1[0,0] …</translation>
    </message>
    <message>
        <source>No weight is called {} (names look like {})</source>
        <translation>没有名为 {} 的权重（名字形如 {}）</translation>
    </message>
    <message>
        <source>{} is a removed edge</source>
        <translation>{} 是已删除的边</translation>
    </message>
    <message>
        <source>Pre-activation u</source>
        <translation>预激活 u</translation>
    </message>
    <message>
        <source>Activation a</source>
        <translation>激活值 a</translation>
    </message>
    <message>
        <source>Gradient ∂L/∂a</source>
        <translation>梯度 ∂L/∂a</translation>
    </message>
    <message>
        <source>Weight gradient ∂L/∂W</source>
        <translation>权重梯度 ∂L/∂W</translation>
    </message>
    <message>
        <source>Which values of every layer the histograms show</source>
        <translation>直方图显示各层的哪一种数值</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Update ratio</source>
        <translation>更新比</translation>
    </message>
    <message>
        <source>Jacobian</source>
        <translation>雅可比</translation>
    </message>
    <message>
        <source>Distributions</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Jacobian spectrum</source>
        <translation>雅可比谱</translation>
    </message>
    <message>
        <source>Histograms appear with the first frame from the training thread.</source>
        <translation>训练线程送来第一帧后即显示直方图。</translation>
    </message>
    <message>
        <source>[ measured at step {step} ({batch} samples)</source>
        <translation>[ 第 {step} 步的实测值（{batch} 个样本）</translation>
    </message>
    <message>
        <source>No theory bracket: for gradients the initialisation theory predicts each layer&apos;s backward gain, not this spread.</source>
        <translation>没有理论括号：对梯度，初始化理论预测的是每层的反向增益，而不是这种分布宽度。</translation>
    </message>
    <message>
        <source>▒ saturated: f′ &lt; 1 % of its maximum</source>
        <translation>▒ 饱和：f′ 低于其最大值的 1%</translation>
    </message>
    <message>
        <source>] theory at initialisation (step 0)</source>
        <translation>] 理论：初始化时（第 0 步）</translation>
    </message>
    <message>
        <source>] theory at initialisation (step 0), not of the network trained since</source>
        <translation>] 理论：初始化时（第 0 步），并非之后训练过的网络</translation>
    </message>
    <message>
        <source>no prediction</source>
        <translation>无预测</translation>
    </message>
    <message>
        <source>no bracket for {layers}: {reason}</source>
        <translation>{layers} 没有括号：{reason}</translation>
    </message>
    <message>
        <source>singular value: largest → smallest</source>
        <translation>奇异值：从大到小</translation>
    </message>
    <message>
        <source>1 = isometry</source>
        <translation>1 = 等距</translation>
    </message>
    <message>
        <source>Jacobian singular values</source>
        <translation>雅可比奇异值</translation>
    </message>
    <message>
        <source>condition number {cond} (median of {n} samples)</source>
        <translation>条件数 {cond}（{n} 个样本的中位数）</translation>
    </message>
    <message>
        <source>Jacobian {of}: singular values</source>
        <translation>雅可比 {of}：奇异值</translation>
    </message>
    <message>
        <source>{n} singular value(s) exactly 0, not drawn</source>
        <translation>{n} 个奇异值恰为 0，未画出</translation>
    </message>
    <message>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>sat.</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>Update ratio ‖ΔW‖/‖W‖ per step</source>
        <translation>每步的更新比 ‖ΔW‖/‖W‖</translation>
    </message>
    <message>
        <source>1e-3 guide</source>
        <translation>1e-3 参考线</translation>
    </message>
    <message>
        <source>Cells: ‖∂L/∂h_t‖ of each hidden unit at each time step, over the batch. Arrows: each step&apos;s share of the gradient of the shared W_hh (between steps) and W_ih (from the input); as matrices the shares add up to the gradient. Colours on the log scale below.</source>
        <translation>格子：每个隐藏单元在每个时间步收到的梯度 ‖∂L/∂h_t‖（对整个批次）。箭头：共享的 W_hh（步与步之间）和 W_ih（来自输入）的梯度中各时间步所占的一份；作为矩阵，各份相加即为梯度。颜色按下方的对数刻度。</translation>
    </message>
    <message>
        <source>Unfold through time</source>
        <translation>按时间展开</translation>
    </message>
    <message>
        <source>Fold into one cell</source>
        <translation>折叠成一个单元</translation>
    </message>
    <message>
        <source>{cell}, T = {T} steps, H = {H} units</source>
        <translation>{cell}，T = {T} 步，H = {H} 个单元</translation>
    </message>
    <message>
        <source>→ W_hh, shared by every step</source>
        <translation>→ W_hh，所有时间步共享</translation>
    </message>
    <message>
        <source>{cell} as one cell, applied {T} times</source>
        <translation>{cell}：一个单元，重复使用 {T} 次</translation>
    </message>
    <message>
        <source>‖∂L/∂h_t‖, ‖∂L/∂W‖ (log)</source>
        <translation>‖∂L/∂h_t‖、‖∂L/∂W‖（对数）</translation>
    </message>
    <message>
        <source>This view shows a recurrent network through time: pick one of the rnn-… presets.</source>
        <translation>此视图显示循环网络随时间的梯度：请选择一个 rnn-… 预设。</translation>
    </message>
    <message>
        <source>W_hh: hidden state to hidden state, shared by every step; W_ih: input to hidden state; W_out: the readout</source>
        <translation>W_hh：隐藏状态到隐藏状态，所有时间步共享；W_ih：输入到隐藏状态；W_out：读出层</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>ActivationExplorer</name>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>LeakyReLU</source>
        <translation>LeakyReLU</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>LeakyReLU: slope below zero. ELU: the value approached as u → −∞ (−α).</source>
        <translation>LeakyReLU：零以下部分的斜率。ELU：u → −∞ 时趋近的值（−α）。</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>pre-activation u</source>
        <translation>预激活 u</translation>
    </message>
    <message>
        <source>f(u), f′(u)</source>
        <translation>f(u)，f′(u)</translation>
    </message>
    <message>
        <source>% of the layer&apos;s values</source>
        <translation>该层数值的百分比</translation>
    </message>
    <message>
        <source>max σ′ = 0.25</source>
        <translation>σ′ 最大值 = 0.25</translation>
    </message>
    <message>
        <source>pre-activation u of {0}</source>
        <translation>{0} 的预激活 u</translation>
    </message>
    <message>
        <source>σ′(0) = 0.25: the most a sigmoid layer can pass back</source>
        <translation>σ′(0) = 0.25：sigmoid 层最多只能回传这么多</translation>
    </message>
    <message>
        <source>max f′ = {0}</source>
        <translation>f′ 最大值 = {0}</translation>
    </message>
    <message>
        <source>dead: f′ = 0</source>
        <translation>死亡区：f′ = 0</translation>
    </message>
    <message>
        <source>saturated: f′ ≈ 0</source>
        <translation>饱和区：f′ ≈ 0</translation>
    </message>
    <message>
        <source>Shaded: |f′| below 1 % of its maximum — a unit there passes almost no gradient back. Select a layer to see where its units sit.</source>
        <translation>阴影区：|f′| 低于其最大值的 1%——处在那里的单元几乎不回传梯度。选择一层，看看它的单元落在哪里。</translation>
    </message>
    <message>
        <source>this layer</source>
        <translation>该层</translation>
    </message>
    <message>
        <source>{share} in the dead region (f′ = 0)</source>
        <translation>{share} 落在死亡区（f′ = 0）</translation>
    </message>
    <message>
        <source>{share} in the saturated, flat region</source>
        <translation>{share} 落在饱和的平坦区域</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;: {n} pre-activations, mean |f′| = {mean}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;：{n} 个预激活值，平均 |f′| = {mean}</translation>
    </message>
    <message>
        <source>(shaded: |f′| &amp;lt; 1 % of max).</source>
        <translation>（阴影：|f′| &amp;lt; 最大值的 1%）。</translation>
    </message>
    <message>
        <source>tanh′(u) = 1 − tanh²(u) ≤ 1, ≈ 0 for |u| &amp;gt; 3</source>
        <translation>tanh′(u) = 1 − tanh²(u) ≤ 1，当 |u| &amp;gt; 3 时 ≈ 0</translation>
    </message>
    <message>
        <source>f′ = 1 for u &amp;gt; 0, else 0 (dead)</source>
        <translation>u &amp;gt; 0 时 f′ = 1，否则为 0（死亡）</translation>
    </message>
    <message>
        <source>LeakyReLU(u) = u if u &amp;gt; 0 else {a:g}·u</source>
        <translation>LeakyReLU(u) = u（u &amp;gt; 0 时），否则 {a:g}·u</translation>
    </message>
    <message>
        <source>f′ = 1 or {a:g}</source>
        <translation>f′ = 1 或 {a:g}</translation>
    </message>
    <message>
        <source>ELU(u) = u if u &amp;gt; 0 else {a:g}·(e&lt;sup&gt;u&lt;/sup&gt; − 1)</source>
        <translation>ELU(u) = u（u &amp;gt; 0 时），否则 {a:g}·(e&lt;sup&gt;u&lt;/sup&gt; − 1)</translation>
    </message>
    <message>
        <source>f′ = 1 or {a:g}·e&lt;sup&gt;u&lt;/sup&gt;</source>
        <translation>f′ = 1 或 {a:g}·e&lt;sup&gt;u&lt;/sup&gt;</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <source>The decision boundary appears for 2-D classification datasets.</source>
        <translation>决策边界只在二维分类数据集上显示。</translation>
    </message>
    <message>
        <source>{c0} class 0 &amp;nbsp; {c1} class 1 &amp;nbsp; — line: output = 0.5</source>
        <translation>{c0} 类别 0 &amp;nbsp; {c1} 类别 1 &amp;nbsp; — 曲线：输出 = 0.5</translation>
    </message>
    <message>
        <source>● train ({0}) &amp;nbsp; ○ test ({1})</source>
        <translation>● 训练（{0}） &amp;nbsp; ○ 测试（{1}）</translation>
    </message>
</context>
<context>
    <name>ChainRulePanel</name>
    <message>
        <source>where each path is</source>
        <translation>其中每条路径为</translation>
    </message>
    <message>
        <source>where batch norm couples this sample to the batch: its δ is γ/σ times its own ∂E/∂u minus the batch mean and minus the part along ẑ</source>
        <translation>其中批归一化把这个样本与整批样本耦合在一起：它的 δ 等于 γ/σ 乘以（它自己的 ∂E/∂u 减去批均值，再减去沿 ẑ 方向的部分）</translation>
    </message>
    <message>
        <source>{out} is the sum of {n} paths:</source>
        <translation>{out} 是 {n} 条路径之和：</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>sum of the {n} paths: {out} {sign} {value}</source>
        <translation>{n} 条路径之和：{out} {sign} {value}</translation>
    </message>
    <message>
        <source>sample {0}</source>
        <translation>样本 {0}</translation>
    </message>
    <message>
        <source>the other {0} samples</source>
        <translation>其余 {0} 个样本</translation>
    </message>
    <message>
        <source>— how much each layer scales the gradient passing back (‖∂E/∂a&lt;sub&gt;below&lt;/sub&gt;‖ / ‖∂E/∂a&lt;sub&gt;above&lt;/sub&gt;‖ ≈ |f′·w|; the output layer&apos;s from its δ = ∂E/∂net)</source>
        <translation>——每一层把回传的梯度放大或缩小多少（‖∂E/∂a&lt;sub&gt;下层&lt;/sub&gt;‖ / ‖∂E/∂a&lt;sub&gt;上层&lt;/sub&gt;‖ ≈ |f′·w|；输出层的从其 δ = ∂E/∂net 算起）</translation>
    </message>
    <message>
        <source>Product down to layer {layer} {sign} {product}</source>
        <translation>一直乘到第 {layer} 层 {sign} {product}</translation>
    </message>
    <message>
        <source>through hidden layer {layer} {sign} {product}</source>
        <translation>穿过隐藏层 {layer} {sign} {product}</translation>
    </message>
    <message>
        <source>through the hidden layers {top} → {bottom} {sign} {product}</source>
        <translation>穿过隐藏层 {top} → {bottom} {sign} {product}</translation>
    </message>
    <message>
        <source>centred {0}</source>
        <translation>中心化的 {0}</translation>
    </message>
    <message>
        <source>Output-layer weight &lt;b&gt;{w}&lt;/b&gt;: one path to the error.</source>
        <translation>输出层权重 &lt;b&gt;{w}&lt;/b&gt;：通向误差的只有一条路径。</translation>
    </message>
    <message>
        <source>Hidden weight &lt;b&gt;{w}&lt;/b&gt;: the error reaches it along every path from the unit it feeds, and the paths add up.</source>
        <translation>隐藏层权重 &lt;b&gt;{w}&lt;/b&gt;：误差沿着从它所连接单元出发的每一条路径到达它，这些路径相加。</translation>
    </message>
    <message>
        <source>A batch of {n} samples: the loss E is the mean of the samples&apos; losses, so ∂E/∂{w} is the mean of each sample&apos;s own ∂E/∂{w}. Sample {k} is written out below; every factor is that sample&apos;s own number.</source>
        <translation>一批 {n} 个样本：损失 E 是各样本损失的平均值，所以 ∂E/∂{w} 是每个样本各自 ∂E/∂{w} 的平均值。下面写出样本 {k} 的推导；每个因子都是该样本自己的数值。</translation>
    </message>
    <message>
        <source>where sample {0}&apos;s ∂E/∂{1} is</source>
        <translation>其中样本 {0} 的 ∂E/∂{1} 为</translation>
    </message>
    <message>
        <source>red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>amber</source>
        <translation>琥珀色</translation>
    </message>
    <message>
        <source>{red} f′ factor below 0.25 — σ′ never exceeds 0.25, so every sigmoid layer shrinks the gradient; {amber} above 1 grows it.</source>
        <translation>{red}：f′ 因子小于 0.25——σ′ 从不超过 0.25，所以每个 sigmoid 层都会缩小梯度；{amber}：大于 1，会放大梯度。</translation>
    </message>
    <message>
        <source>via {0}</source>
        <translation>经由 {0}</translation>
    </message>
    <message>
        <source>Layer by layer</source>
        <translation>逐层</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>{shrink} &amp;lt; 0.25 shrinks {grow} &amp;gt; 1 grows</source>
        <translation>{shrink} &amp;lt; 0.25 缩小 {grow} &amp;gt; 1 放大</translation>
    </message>
    <message>
        <source>Check with finite differences</source>
        <translation>用有限差分检验</translation>
    </message>
    <message>
        <source>Nudge the weight by ±ε, measure the loss, and compare (E(w+ε) − E(w−ε)) / 2ε with backprop&apos;s number.</source>
        <translation>把权重微调 ±ε，测量损失，再把 (E(w+ε) − E(w−ε)) / 2ε 与反向传播算出的数值比较。</translation>
    </message>
    <message>
        <source>at step {0}</source>
        <translation>第 {0} 步时</translation>
    </message>
    <message>
        <source>mean over {0} samples</source>
        <translation>{0} 个样本的平均</translation>
    </message>
    <message>
        <source>✓ agree</source>
        <translation>✓ 一致</translation>
    </message>
    <message>
        <source>✗ differ</source>
        <translation>✗ 不一致</translation>
    </message>
    <message>
        <source>(relative difference {0})</source>
        <translation>（相对差 {0}）</translation>
    </message>
    <message>
        <source>At step {0}:</source>
        <translation>第 {0} 步时：</translation>
    </message>
    <message>
        <source>backprop &lt;b&gt;{bp}&lt;/b&gt; · finite difference &lt;b&gt;{fd}&lt;/b&gt;</source>
        <translation>反向传播 &lt;b&gt;{bp}&lt;/b&gt; · 有限差分 &lt;b&gt;{fd}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>Select a weight (click an edge, or pick w1…w8 on the seed preset) to see its gradient written out by the chain rule.</source>
        <translation>选择一个权重（点击一条连线，或在示例预设中选 w1…w8），查看用链式法则展开的梯度。</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>ReLU hidden units</source>
        <translation>ReLU 隐藏单元</translation>
    </message>
    <message>
        <source>LeakyReLU hidden units</source>
        <translation>LeakyReLU 隐藏单元</translation>
    </message>
    <message>
        <source>ELU hidden units</source>
        <translation>ELU 隐藏单元</translation>
    </message>
    <message>
        <source>Batch norm on hidden layers</source>
        <translation>隐藏层批归一化</translation>
    </message>
    <message>
        <source>Residual links</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>An LSTM cell</source>
        <translation>LSTM 单元</translation>
    </message>
    <message>
        <source>A GRU cell</source>
        <translation>GRU 单元</translation>
    </message>
    <message>
        <source>A ReLU cell started from the identity (IRNN)</source>
        <translation>从单位矩阵开始的 ReLU 单元（IRNN）</translation>
    </message>
    <message>
        <source>He initialisation</source>
        <translation>He 初始化</translation>
    </message>
    <message>
        <source>Orthogonal initialisation</source>
        <translation>正交初始化</translation>
    </message>
    <message>
        <source>LSUV initialisation</source>
        <translation>LSUV 初始化</translation>
    </message>
    <message>
        <source>gradsim — side-by-side comparison</source>
        <translation>gradsim — 并排比较</translation>
    </message>
    <message>
        <source>Apply one remedy to the baseline; everything else stays the same.</source>
        <translation>对基线只施加一种补救方法，其余一切保持不变。</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>up to {0} steps/s</source>
        <translation>最多 {0} 步/秒</translation>
    </message>
    <message>
        <source>▶ Play both</source>
        <translation>▶ 同时播放</translation>
    </message>
    <message>
        <source>Step both</source>
        <translation>同时单步</translation>
    </message>
    <message>
        <source>Reset both</source>
        <translation>同时重置</translation>
    </message>
    <message>
        <source>Remedy</source>
        <translation>补救方法</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Both runs advance together, so they are compared at equal step counts</source>
        <translation>两个运行同步前进，因此总在相同步数下比较</translation>
    </message>
    <message>
        <source>Gradient norm by layer (recent median)</source>
        <translation>各层梯度范数（近期中位数）</translation>
    </message>
    <message>
        <source>First (thick) and last (thin) layer&apos;s gradient norm</source>
        <translation>第一层（粗线）和最后一层（细线）的梯度范数</translation>
    </message>
    <message>
        <source>Training loss (log)</source>
        <translation>训练损失（对数）</translation>
    </message>
    <message>
        <source>layer (1 = first hidden … last = output)</source>
        <translation>层（1 = 第一隐藏层 … 最后 = 输出层）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>‖∂L/∂h_t‖ by time step (recent median)</source>
        <translation>各时间步的 ‖∂L/∂h_t‖（近期中位数）</translation>
    </message>
    <message>
        <source>‖∂L/∂h_t‖ at time step 1 (thick) and the last (thin)</source>
        <translation>第 1 个时间步（粗线）和最后一个时间步（细线）的 ‖∂L/∂h_t‖</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>Pick a configuration to compare.</source>
        <translation>选择一个要比较的配置。</translation>
    </message>
    <message>
        <source>Pause both</source>
        <translation>同时暂停</translation>
    </message>
    <message>
        <source>This remedy does not apply here: {0}</source>
        <translation>这种补救方法在此不适用：{0}</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>第 {0} 步</translation>
    </message>
    <message>
        <source>non-finite</source>
        <translation>非有限值</translation>
    </message>
    <message>
        <source>both at {0} steps/s</source>
        <translation>两者均为 {0} 步/秒</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verdict:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;结论：&lt;/b&gt;{0}</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>the lecture&apos;s single sample: inputs (0.05, 0.10), targets (0.01, 0.99)</source>
        <translation>课程中的单个样本：输入 (0.05, 0.10)，目标值 (0.01, 0.99)</translation>
    </message>
    <message>
        <source>XOR: class 1 where x·y &gt; 0 (not linearly separable)</source>
        <translation>异或（XOR）：x·y &gt; 0 处为类别 1（线性不可分）</translation>
    </message>
    <message>
        <source>two circles: an inner disc inside a ring</source>
        <translation>两个同心圆：圆环里面的一个圆盘</translation>
    </message>
    <message>
        <source>two Gaussian blobs (linearly separable)</source>
        <translation>两团高斯分布的点（线性可分）</translation>
    </message>
    <message>
        <source>two interleaved spirals (needs depth)</source>
        <translation>两条交错的螺旋线（需要较深的网络）</translation>
    </message>
    <message>
        <source>1-D regression of y = sin(πx)</source>
        <translation>一维回归：y = sin(πx)</translation>
    </message>
    <message>
        <source>recall the first input (±1) at the last of T steps</source>
        <translation>在 T 个时间步的最后一步回忆第一个输入（±1）</translation>
    </message>
    <message>
        <source>add the two marked numbers of a sequence (Hochreiter&apos;s adding problem)</source>
        <translation>将序列中两个被标记的数相加（Hochreiter 的加法问题）</translation>
    </message>
    <message>
        <source>the parity (XOR) of a sequence of bits</source>
        <translation>一串比特的奇偶性（异或）</translation>
    </message>
    <message>
        <source>predict a sine wave&apos;s next value at every step</source>
        <translation>在每一步预测正弦波的下一个值</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <source>= out_{source}, the input that {weight} multiplies</source>
        <translation>= out_{source}，即 {weight} 所乘的输入</translation>
    </message>
    <message>
        <source>how the error changes with this output</source>
        <translation>误差随该输出的变化率</translation>
    </message>
    <message>
        <source>out − target (fused with the loss)</source>
        <translation>out − target（与损失函数合并计算）</translation>
    </message>
    <message>
        <source>(out − target) / {n}: the loss is fused with the output and averaged over {n} outputs</source>
        <translation>(out − target) / {n}：损失与输出层合并，并对 {n} 个输出取平均</translation>
    </message>
    <message>
        <source>through batch norm (couples the batch)</source>
        <translation>经过批归一化（把一批样本耦合在一起）</translation>
    </message>
    <message>
        <source>through batch norm, which couples this sample to the batch</source>
        <translation>经过批归一化，它把这个样本与整批样本耦合在一起</translation>
    </message>
    <message>
        <source>batch norm&apos;s scale γ over the batch&apos;s standard deviation σ</source>
        <translation>批归一化的缩放 γ 除以这一批的标准差 σ</translation>
    </message>
    <message>
        <source>minus the batch mean of ∂E/∂u: the mean moves with every sample</source>
        <translation>减去 ∂E/∂u 的批均值：均值随每个样本一起变化</translation>
    </message>
    <message>
        <source>minus the part along ẑ: the batch variance moves with every sample</source>
        <translation>减去沿 ẑ 方向的部分：批方差随每个样本一起变化</translation>
    </message>
    <message>
        <source>δ, summed by backprop over every later path</source>
        <translation>δ，由反向传播对其后的所有路径求和得到</translation>
    </message>
    <message>
        <source>gradient at the skip&apos;s target</source>
        <translation>跳跃连接目标处的梯度</translation>
    </message>
    <message>
        <source>identity shortcut: the residual&apos;s +1</source>
        <translation>恒等捷径：残差连接带来的 +1</translation>
    </message>
    <message>
        <source>learned projection shortcut</source>
        <translation>可学习的投影捷径</translation>
    </message>
    <message>
        <source>skip to layer {layer}</source>
        <translation>跳跃连接至第 {layer} 层</translation>
    </message>
    <message>
        <source>unknown remedy {remedy!r} (known: {known})</source>
        <translation>未知的补救方法 {remedy!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>remedy {remedy!r} needs at least one hidden layer</source>
        <translation>补救方法 {remedy!r} 至少需要一个隐藏层</translation>
    </message>
    <message>
        <source>remedy &apos;residual&apos; needs two hidden layers, or a first hidden layer as wide as the input</source>
        <translation>补救方法 &apos;residual&apos; 需要两个隐藏层，或者第一个隐藏层与输入一样宽</translation>
    </message>
    <message>
        <source>Both runs blew up (non-finite values): neither {a} nor {b} keeps gradients in check.</source>
        <translation>两次训练都崩溃了（出现非有限值）：{a} 和 {b} 都没能控制住梯度。</translation>
    </message>
    <message>
        <source>Not enough steps yet to compare (run both for a few steps).</source>
        <translation>步数还不够，无法比较（先让两者都训练几步）。</translation>
    </message>
    <message>
        <source>{activation}′ at {wrt}_{neuron}</source>
        <translation>{activation}′ 在 {wrt}_{neuron} 处的值</translation>
    </message>
    <message>
        <source>= {weight}</source>
        <translation>= {weight}</translation>
    </message>
    <message>
        <source>every route from out_{neuron} to the error, added up</source>
        <translation>从 out_{neuron} 通向误差的所有路径之和</translation>
    </message>
    <message>
        <source>mean over the batch of {n} samples of each sample&apos;s ∂E/∂{weight}</source>
        <translation>这一批 {n} 个样本各自的 ∂E/∂{weight} 的平均值</translation>
    </message>
    <message>
        <source>Both runs fare alike — {a}: {text_a} · {b}: {text_b}</source>
        <translation>两次训练表现相当——{a}：{text_a} · {b}：{text_b}</translation>
    </message>
    <message>
        <source>{better} fares better — {a}: {text_a} · {b}: {text_b}</source>
        <translation>{better} 表现更好——{a}：{text_a} · {b}：{text_b}</translation>
    </message>
    <message>
        <source>Overflow: {message}. The gradient exploded and training stopped.</source>
        <translation>溢出：{message}。梯度爆炸，训练已停止。</translation>
    </message>
    <message>
        <source>No training step yet</source>
        <translation>尚未训练任何一步</translation>
    </message>
    <message>
        <source>Exploding: the gradient norm grew {ratio}× in {steps} step(s) — lower the learning rate or enable clipping</source>
        <translation>梯度爆炸：梯度范数在 {steps} 步内增长了 {ratio} 倍——请降低学习率或启用梯度裁剪</translation>
    </message>
    <message>
        <source>Converged: training loss {loss}, under 1% of a constant guess&apos;s {chance} — the network has learned its training data; its gradients are small because its errors are</source>
        <translation>已收敛：训练损失为 {loss}，不到常数猜测损失 {chance} 的 1%——网络已经学会了训练数据；梯度小是因为误差小</translation>
    </message>
    <message>
        <source>Healthy: no hidden layer, so nothing for the gradient to vanish in</source>
        <translation>健康：没有隐藏层，梯度无处消失</translation>
    </message>
    <message>
        <source>Dead units: the exploding update at step {step} (it changed weights by {ratio}× their own size) switched off {fraction} of layer {layer}&apos;s units — they have f′ = 0 for every sample and get no gradient to recover; lower the learning rate or clip the gradient</source>
        <translation>死亡单元：第 {step} 步的爆炸性更新（它使权重的变化量达到权重本身大小的 {ratio} 倍）让第 {layer} 层 {fraction} 的单元彻底关闭——它们对每个样本都有 f′ = 0，得不到梯度，无法恢复；请降低学习率或裁剪梯度</translation>
    </message>
    <message>
        <source>Dead layer: every unit of layer {layer} has f′ = 0 for every sample, so no gradient reaches the layers below it — try LeakyReLU, a smaller learning rate or He initialisation</source>
        <translation>死亡层：第 {layer} 层的每个单元对每个样本都有 f′ = 0，因此没有梯度能到达它下面的各层——试试 LeakyReLU、更小的学习率或 He 初始化</translation>
    </message>
    <message>
        <source>Dead units: {fraction} of layer {layer}&apos;s units have f′ = 0 for every sample, so no gradient passes through them — try LeakyReLU or a smaller learning rate</source>
        <translation>死亡单元：第 {layer} 层 {fraction} 的单元对每个样本都有 f′ = 0，因此没有梯度能穿过它们——试试 LeakyReLU 或更小的学习率</translation>
    </message>
    <message>
        <source>Vanishing: the gradient reaching layer {layer} is {ratio} of the gradient reaching layer {top} — it shrinks on its way down through the hidden layers</source>
        <translation>梯度消失：到达第 {layer} 层的梯度只有到达第 {top} 层梯度的 {ratio}——它在向下穿过各隐藏层时不断缩小</translation>
    </message>
    <message>
        <source>Exploding: the gradient reaching layer {layer} is {ratio}× the gradient reaching layer {top} — it grows on its way down through the hidden layers</source>
        <translation>梯度爆炸：到达第 {layer} 层的梯度是到达第 {top} 层梯度的 {ratio} 倍——它在向下穿过各隐藏层时不断增大</translation>
    </message>
    <message>
        <source>Healthy: the gradient reaching layer {layer} is {ratio}× the gradient reaching layer {top}</source>
        <translation>健康：到达第 {layer} 层的梯度是到达第 {top} 层梯度的 {ratio} 倍</translation>
    </message>
    <message>
        <source>Saturated: {fraction} of layer {layer}&apos;s activations sit where f′ is below 1% of its maximum — gradients stall there</source>
        <translation>饱和：第 {layer} 层 {fraction} 的激活值落在 f′ 不到其最大值 1% 的区域——梯度在那里停滞</translation>
    </message>
    <message>
        <source>Healthy: one hidden layer, so the gradient crosses no stack of hidden layers where it could vanish or explode</source>
        <translation>健康：只有一个隐藏层，梯度不必穿过一叠隐藏层，也就无从消失或爆炸</translation>
    </message>
    <message>
        <source>Overflow: the gradient of {weight} is not a finite number — the values along its path overflowed</source>
        <translation>溢出：{weight} 的梯度不是有限数——它所在路径上的数值已经溢出</translation>
    </message>
    <message>
        <source>Dead unit: {unit} has f′ = 0 for every sample of the batch, so {weight} gets no gradient</source>
        <translation>死亡单元：{unit} 对这一批的每个样本都有 f′ = 0，因此 {weight} 得不到梯度</translation>
    </message>
    <message>
        <source>Dead input: {unit} outputs 0 for every sample of the batch, so {weight}, which multiplies that output, gets no gradient</source>
        <translation>死亡输入：{unit} 对这一批的每个样本都输出 0，因此与该输出相乘的 {weight} 得不到梯度</translation>
    </message>
    <message>
        <source>Dead layer: every unit of layer {layer} has f′ = 0 for every sample, so no gradient reaches {weight}</source>
        <translation>死亡层：第 {layer} 层的每个单元对每个样本都有 f′ = 0，因此没有梯度能到达 {weight}</translation>
    </message>
    <message>
        <source>Saturated: {unit}&apos;s f′ is below 1% of its maximum for {fraction} of the samples — the gradient of {weight} stalls there</source>
        <translation>饱和：对 {fraction} 的样本而言，{unit} 的 f′ 不到其最大值的 1%——{weight} 的梯度在那里停滞</translation>
    </message>
    <message>
        <source>Healthy: no hidden layer lies between {weight} and the output layer, so its gradient crosses none on the way down</source>
        <translation>健康：{weight} 与输出层之间没有隐藏层，它的梯度向下传播时不必穿过任何隐藏层</translation>
    </message>
    <message>
        <source>{field}: unknown dataset {value!r} (known: {known})</source>
        <translation>{field}：未知的数据集 {value!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>data.test_fraction: must be a number in [0, 1)</source>
        <translation>data.test_fraction：必须是 [0, 1) 区间内的数</translation>
    </message>
    <message>
        <source>add a neuron to</source>
        <translation>添加神经元</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>resize</source>
        <translation>调整大小</translation>
    </message>
    <message>
        <source>remove a neuron from</source>
        <translation>删除神经元</translation>
    </message>
    <message>
        <source>add a residual connection to</source>
        <translation>添加残差连接</translation>
    </message>
    <message>
        <source>Can&apos;t {action} the input layer: its size follows the dataset ({dataset!r} has {inputs} input(s))</source>
        <translation>输入层不能{action}：它的大小由数据集决定（{dataset!r} 有 {inputs} 个输入）</translation>
    </message>
    <message>
        <source>Can&apos;t {action} the output layer: its size follows the dataset ({dataset!r})</source>
        <translation>输出层不能{action}：它的大小由数据集决定（{dataset!r}）</translation>
    </message>
    <message>
        <source>There is no hidden layer {layer} (hidden layers are 1..{last})</source>
        <translation>没有隐藏层 {layer}（隐藏层编号为 1..{last}）</translation>
    </message>
    <message>
        <source>There is no layer {layer} (layers are 1..{last})</source>
        <translation>没有第 {layer} 层（层编号为 1..{last}）</translation>
    </message>
    <message>
        <source>the inputs</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>the output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>hidden layer {layer}</source>
        <translation>隐藏层 {layer}</translation>
    </message>
    <message>
        <source>A hidden layer can go at positions 1..{last}, not {position}</source>
        <translation>隐藏层只能插在位置 1..{last}，不能插在 {position}</translation>
    </message>
    <message>
        <source>A network can have at most {maximum} layers</source>
        <translation>一个网络最多只能有 {maximum} 层</translation>
    </message>
    <message>
        <source>A layer holds 1..{maximum} neurons, not {size}</source>
        <translation>一层可容纳 1..{maximum} 个神经元，不能是 {size} 个</translation>
    </message>
    <message>
        <source>{activation!r} is not available for {layer} (choose one of {allowed})</source>
        <translation>{activation!r} 不能用于{layer}（可选：{allowed}）</translation>
    </message>
    <message>
        <source>A residual connection into layer {layer} must come from an earlier layer (0..{last}), not {source}</source>
        <translation>通往第 {layer} 层的残差连接必须来自更早的层（0..{last}），不能来自 {source}</translation>
    </message>
    <message>
        <source>A layer holds at most {maximum} neurons</source>
        <translation>一层最多容纳 {maximum} 个神经元</translation>
    </message>
    <message>
        <source>Hidden layer {layer} has neurons 0..{last}, not {index}</source>
        <translation>隐藏层 {layer} 的神经元编号为 0..{last}，没有 {index}</translation>
    </message>
    <message>
        <source>Can&apos;t remove the last neuron of hidden layer {layer}: a layer needs at least one neuron (remove the layer instead)</source>
        <translation>不能删除隐藏层 {layer} 的最后一个神经元：每层至少需要一个神经元（可以改为删除这一层）</translation>
    </message>
    <message>
        <source>There is no weight matrix W{number}</source>
        <translation>没有权重矩阵 W{number}</translation>
    </message>
    <message>
        <source>W{number} has shape {rows}×{columns}; there is no edge [{row},{column}]</source>
        <translation>W{number} 的形状是 {rows}×{columns}；没有连接 [{row},{column}]</translation>
    </message>
    <message>
        <source>Unknown dataset {dataset!r} (known: {known})</source>
        <translation>未知的数据集 {dataset!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>{field}: missing</source>
        <translation>{field}：缺失</translation>
    </message>
    <message>
        <source>{field}: must be a number, got {value}</source>
        <translation>{field}：必须是数值，实际为 {value}</translation>
    </message>
    <message>
        <source>{field}: must be finite, got {value}</source>
        <translation>{field}：必须是有限值，实际为 {value}</translation>
    </message>
    <message>
        <source>{field}: must be a whole number, got {value}</source>
        <translation>{field}：必须是整数，实际为 {value}</translation>
    </message>
    <message>
        <source>{field}: must be {kind}, got {value}</source>
        <translation>{field}：必须是{kind}，实际为 {value}</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>{field}: unknown field (allowed: {allowed})</source>
        <translation>{field}：未知字段（允许的字段：{allowed}）</translation>
    </message>
    <message>
        <source>{field}: must be a list of numbers</source>
        <translation>{field}：必须是数值列表</translation>
    </message>
    <message>
        <source>{field}: must be a rectangular list of lists of numbers</source>
        <translation>{field}：必须是由数值列表组成的矩形列表（矩阵）</translation>
    </message>
    <message>
        <source>{field}: contains NaN or infinity</source>
        <translation>{field}：包含 NaN 或无穷大</translation>
    </message>
    <message>
        <source>document: must be a JSON object</source>
        <translation>document：必须是一个 JSON 对象</translation>
    </message>
    <message>
        <source>format: expected {expected!r}, got {found!r} (is this a gradsim file?)</source>
        <translation>format：应为 {expected!r}，实际为 {found!r}（这是 gradsim 文件吗？）</translation>
    </message>
    <message>
        <source>version: written by a newer gradsim (version {version}); this one reads version {supported}</source>
        <translation>version：该文件由更新版本的 gradsim 写入（版本 {version}）；当前程序只能读取版本 {supported}</translation>
    </message>
    <message>
        <source>version: must be &gt;= 1, got {version}</source>
        <translation>version：必须 &gt;= 1，实际为 {version}</translation>
    </message>
    <message>
        <source>weight_names: must be &quot;seed&quot; or null, got {found!r}</source>
        <translation>weight_names：必须是 &quot;seed&quot; 或 null，实际为 {found!r}</translation>
    </message>
    <message>
        <source>{field}: must be an object</source>
        <translation>{field}：必须是对象</translation>
    </message>
    <message>
        <source>{field}: must be at least 1, got {value}</source>
        <translation>{field}：至少为 1，实际为 {value}</translation>
    </message>
    <message>
        <source>{field}: keys must be weight-matrix numbers (0, 1, …)</source>
        <translation>{field}：键必须是权重矩阵的编号（0, 1, …）</translation>
    </message>
    <message>
        <source>{field}: entries must be 0 or 1</source>
        <translation>{field}：元素必须是 0 或 1</translation>
    </message>
    <message>
        <source>network.{error}</source>
        <translation>network.{error}</translation>
    </message>
    <message>
        <source>parameters.layers: expected {expected} entries (one per weight matrix), got {found}</source>
        <translation>parameters.layers：应有 {expected} 项（每个权重矩阵一项），实际为 {found} 项</translation>
    </message>
    <message>
        <source>{field}: shape {shape} does not match the network&apos;s {expected}</source>
        <translation>{field}：形状 {shape} 与网络的 {expected} 不符</translation>
    </message>
    <message>
        <source>{field}: this layer has no projection shortcut</source>
        <translation>{field}：这一层没有投影捷径</translation>
    </message>
    <message>
        <source>{field}: shape {shape} does not match {expected}</source>
        <translation>{field}：形状 {shape} 与 {expected} 不符</translation>
    </message>
    <message>
        <source>{field}: variances must be &gt;= 0</source>
        <translation>{field}：方差必须 &gt;= 0</translation>
    </message>
    <message>
        <source>{path}: no such file</source>
        <translation>{path}：文件不存在</translation>
    </message>
    <message>
        <source>{path}: not a text file (a gradsim file is UTF-8 JSON)</source>
        <translation>{path}：不是文本文件（gradsim 文件是 UTF-8 编码的 JSON）</translation>
    </message>
    <message>
        <source>{path}: cannot read ({detail})</source>
        <translation>{path}：无法读取（{detail}）</translation>
    </message>
    <message>
        <source>{path}: not a regular file (a lesson is a JSON file of at most {limit:,} bytes)</source>
        <translation>{path}：不是普通文件（课程是不超过 {limit:,} 字节的 JSON 文件）</translation>
    </message>
    <message>
        <source>{path}: {size:,} bytes is more than a lesson file may have ({limit:,} bytes)</source>
        <translation>{path}：{size:,} 字节，超过了课程文件允许的大小（{limit:,} 字节）</translation>
    </message>
    <message>
        <source>{path}: not a text file (a lesson is UTF-8 JSON)</source>
        <translation>{path}：不是文本文件（课程是 UTF-8 编码的 JSON）</translation>
    </message>
    <message>
        <source>{path}: not valid JSON (line {line}, column {column}: {detail})</source>
        <translation>{path}：不是有效的 JSON（第 {line} 行第 {column} 列：{detail}）</translation>
    </message>
    <message>
        <source>{path}: nested too deeply to read</source>
        <translation>{path}：嵌套层数过深，无法读取</translation>
    </message>
    <message>
        <source>{path}: not readable as JSON ({detail})</source>
        <translation>{path}：无法作为 JSON 读取（{detail}）</translation>
    </message>
    <message>
        <source>nested too deeply to read</source>
        <translation>嵌套层数过深，无法读取</translation>
    </message>
    <message>
        <source>format: expected {expected!r}, got {found!r} (is this a gradsim lesson?)</source>
        <translation>format：应为 {expected!r}，实际为 {found!r}（这是 gradsim 课程吗？）</translation>
    </message>
    <message>
        <source>lists a language twice</source>
        <translation>同一种语言列出了两次</translation>
    </message>
    <message>
        <source>must be 1–64 letters, digits, &apos;-&apos; or &apos;_&apos; (starting with a letter or digit), got {value}</source>
        <translation>必须由 1–64 个字母、数字、“-”或“_”组成（以字母或数字开头），实际为 {value}</translation>
    </message>
    <message>
        <source>must be a language code such as en, zh or pt_BR, got {value}</source>
        <translation>必须是语言代码，例如 en、zh 或 pt_BR，实际为 {value}</translation>
    </message>
    <message>
        <source>cannot quote live numbers (found {name})</source>
        <translation>不能引用实时数值（发现了 {name}）</translation>
    </message>
    <message>
        <source>unknown preset {name!r} (known: {known})</source>
        <translation>未知的预设 {name!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>needs exactly one of {allowed}</source>
        <translation>{allowed} 中必须恰好给出一个</translation>
    </message>
    <message>
        <source>only a factor&apos;s highlight names a weight</source>
        <translation>只有因子的高亮才能指定权重</translation>
    </message>
    <message>
        <source>no option can be right: give one &quot;correct&quot;: true or a &quot;correct_if&quot;</source>
        <translation>没有任何选项可能是正确答案：请给某个选项加上 &quot;correct&quot;: true 或 &quot;correct_if&quot;</translation>
    </message>
    <message>
        <source>duplicate step id {id!r} (also steps[{index}])</source>
        <translation>步骤 id {id!r} 重复（steps[{index}] 也用了它）</translation>
    </message>
    <message>
        <source>a string or a list of strings</source>
        <translation>字符串或字符串列表</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <source>duplicate option id {id!r}</source>
        <translation>选项 id {id!r} 重复</translation>
    </message>
    <message>
        <source>needs at most one of {first} and {second}</source>
        <translation>{first} 和 {second} 最多只能给出一个</translation>
    </message>
    <message>
        <source>needs exactly one of {first} and {second}</source>
        <translation>{first} 和 {second} 必须恰好给出一个</translation>
    </message>
    <message>
        <source>does not quote {name}, which {language} quotes</source>
        <translation>没有引用 {name}，而 {language} 版本引用了它</translation>
    </message>
    <message>
        <source>quotes {name}, which {language} does not</source>
        <translation>引用了 {name}，而 {language} 版本没有引用它</translation>
    </message>
    <message>
        <source>no unit {name!r} on preset {preset}</source>
        <translation>预设 {preset} 中没有单元 {name!r}</translation>
    </message>
    <message>
        <source>must be a layer of preset {preset} ({first}..{last}), got {value}</source>
        <translation>必须是预设 {preset} 中的一层（{first}..{last}），实际为 {value}</translation>
    </message>
    <message>
        <source>must be a hidden layer of preset {preset} (1..{last}), got {value}</source>
        <translation>必须是预设 {preset} 中的一个隐藏层（1..{last}），实际为 {value}</translation>
    </message>
    <message>
        <source>a factor&apos;s highlight needs the weight it belongs to</source>
        <translation>因子的高亮需要指明它所属的权重</translation>
    </message>
    <message>
        <source>no factor {name!r} in the derivation of {weight} on preset {preset}</source>
        <translation>在预设 {preset} 上 {weight} 的推导中没有因子 {name!r}</translation>
    </message>
    <message>
        <source>must be a condition (an object such as {example}), got {value}</source>
        <translation>必须是一个条件（形如 {example} 的对象），实际为 {value}</translation>
    </message>
    <message>
        <source>must have exactly one key, the condition&apos;s name (known: {known}); got {count}</source>
        <translation>必须恰好有一个键，即条件的名称（可选：{known}）；实际有 {count} 个</translation>
    </message>
    <message>
        <source>unknown condition {name!r} (known: {known})</source>
        <translation>未知的条件 {name!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>{field}: must be one of {allowed}, got {value}</source>
        <translation>{field}：必须是 {allowed} 之一，实际为 {value}</translation>
    </message>
    <message>
        <source>must hold at least {count} item(s)</source>
        <translation>至少要有 {count} 项</translation>
    </message>
    <message>
        <source>must be a number or a placeholder name, got {value}</source>
        <translation>必须是数值或占位符名称，实际为 {value}</translation>
    </message>
    <message>
        <source>unknown weight {weight!r} on preset {preset}</source>
        <translation>预设 {preset} 中没有权重 {weight!r}</translation>
    </message>
    <message>
        <source>must name at least one of {allowed}</source>
        <translation>至少要给出 {allowed} 中的一项</translation>
    </message>
    <message>
        <source>must be [left, operator, right] with an operator of {operators}, got {value}</source>
        <translation>必须是 [左边, 运算符, 右边]，运算符为 {operators} 之一，实际为 {value}</translation>
    </message>
    <message>
        <source>a factor named in a check needs its weight (add &quot;weight&quot;)</source>
        <translation>检查条件中按名称指定的因子需要给出它的权重（请加上 &quot;weight&quot;）</translation>
    </message>
    <message>
        <source>unknown placeholder {name} (the lesson format&apos;s documentation lists them)</source>
        <translation>未知的占位符 {name}（课程格式的文档中列出了所有占位符）</translation>
    </message>
    <message>
        <source>{name} is measured by training: the step&apos;s setup must train at least one step</source>
        <translation>{name} 要通过训练才能测得：该步骤的 setup 至少要训练一步</translation>
    </message>
    <message>
        <source>{name} is about the selected weight: the step&apos;s setup must select one</source>
        <translation>{name} 针对的是选中的权重：该步骤的 setup 必须选中一个权重</translation>
    </message>
    <message>
        <source>{name} does not exist on preset {preset}</source>
        <translation>预设 {preset} 上不存在 {name}</translation>
    </message>
    <message>
        <source>a lone }} at character {position} (write }}}} for a literal brace)</source>
        <translation>第 {position} 个字符处有一个单独的 }}（要写花括号本身，请写 }}}}）</translation>
    </message>
    <message>
        <source>a {{ at character {position} that does not open a placeholder such as {{dE_dw5}} (write {{{{ for a literal brace)</source>
        <translation>第 {position} 个字符处的 {{ 没有开始一个形如 {{dE_dw5}} 的占位符（要写花括号本身，请写 {{{{）</translation>
    </message>
    <message>
        <source>no Jacobian: it runs from the first hidden layer to the last, and this network has {count} hidden layer(s)</source>
        <translation>没有雅可比矩阵：它从第一个隐藏层算到最后一个隐藏层，而这个网络只有 {count} 个隐藏层</translation>
    </message>
    <message>
        <source>no Jacobian: {work:.2g} multiply-adds for {samples} sample(s) is above the limit of {limit:.0e}; use fewer or narrower layers</source>
        <translation>没有雅可比矩阵：{samples} 个样本需要 {work:.2g} 次乘加，超过上限 {limit:.0e}；请减少层数或使用更窄的层</translation>
    </message>
    <message>
        <source>no Jacobian: its entries are not finite at this state</source>
        <translation>没有雅可比矩阵：当前状态下它的元素不是有限值</translation>
    </message>
    <message>
        <source>unknown loss {loss!r} (known: {known})</source>
        <translation>未知的损失函数 {loss!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>loss {loss!r} needs a {need} output layer, not {activation!r}</source>
        <translation>损失函数 {loss!r} 需要 {need} 输出层，而不是 {activation!r}</translation>
    </message>
    <message>
        <source>a softmax output layer needs the cross-entropy loss</source>
        <translation>softmax 输出层需要使用交叉熵损失（cross-entropy）</translation>
    </message>
    <message>
        <source>{field}: unknown {value!r} (known: {known})</source>
        <translation>{field}：未知的取值 {value!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>document: {count:,} JSON objects (counting &apos;{{&apos;); a gradsim file has a few per layer, at most {maximum:,} in all</source>
        <translation>document：含有 {count:,} 个 JSON 对象（按 &apos;{{&apos; 计数）；gradsim 文件每层只有几个，总共最多 {maximum:,} 个</translation>
    </message>
    <message>
        <source>document: reading it would need about {need} of memory, more than the budget of {budget} (the environment variable {variable} sets it)</source>
        <translation>document：读取它大约需要 {need} 内存，超出了 {budget} 的预算（可用环境变量 {variable} 设置）</translation>
    </message>
    <message>
        <source>{field}: must be a permutation of 0 … {last} (the training set&apos;s {count} samples)</source>
        <translation>{field}：必须是 0 … {last} 的一个排列（训练集的 {count} 个样本）</translation>
    </message>
    <message>
        <source>{field}: must be {expected!r}, got {found!r}</source>
        <translation>{field}：必须是 {expected!r}，实际为 {found!r}</translation>
    </message>
    <message>
        <source>network.layers: at most {maximum} layers, got {count}</source>
        <translation>network.layers：最多 {maximum} 层，实际为 {count} 层</translation>
    </message>
    <message>
        <source>network.masks: more masks ({count}) than weight matrices ({matrices})</source>
        <translation>network.masks：掩码（{count} 个）多于权重矩阵（{matrices} 个）</translation>
    </message>
    <message>
        <source>document: not valid JSON (line {line}, column {column}: {detail}) — the file may be truncated</source>
        <translation>document：不是有效的 JSON（第 {line} 行第 {column} 列：{detail}）——文件可能不完整</translation>
    </message>
    <message>
        <source>document: nested too deeply to read (a gradsim file nests a few levels)</source>
        <translation>document：嵌套过深，无法读取（gradsim 文件只有几层嵌套）</translation>
    </message>
    <message>
        <source>document: not readable as JSON ({detail})</source>
        <translation>document：无法作为 JSON 读取（{detail}）</translation>
    </message>
    <message>
        <source>{field}: numpy refuses it ({detail})</source>
        <translation>{field}：numpy 拒绝了该值（{detail}）</translation>
    </message>
    <message>
        <source>{path}: not a regular file (gradsim reads only regular files, of at most {limit})</source>
        <translation>{path}：不是普通文件（gradsim 只读取不超过 {limit} 的普通文件）</translation>
    </message>
    <message>
        <source>{path}: {size:,} bytes is more than a gradsim file may have ({limit:,} bytes, a quarter of the memory budget; the environment variable {variable} sets it)</source>
        <translation>{path}：{size:,} 字节超出了 gradsim 文件的上限（{limit:,} 字节，即内存预算的四分之一；可用环境变量 {variable} 设置）</translation>
    </message>
    <message>
        <source>{field}: must hold {expected} numbers (one per trainable parameter), got {found}</source>
        <translation>{field}：必须包含 {expected} 个数值（每个可训练参数一个），实际为 {found} 个</translation>
    </message>
    <message>
        <source>{field}: must be &gt;= 0 (squared gradients)</source>
        <translation>{field}：必须 &gt;= 0（梯度的平方）</translation>
    </message>
    <message>
        <source>{field}: holds NaN or infinity (the run overflowed), so it cannot be saved; reset the run or save it before it overflows</source>
        <translation>{field}：包含 NaN 或无穷大（训练已溢出），因此无法保存；请重置训练，或在溢出之前保存</translation>
    </message>
    <message>
        <source>{path}: not a regular file; gradsim saves only to regular files</source>
        <translation>{path}：不是普通文件；gradsim 只保存到普通文件</translation>
    </message>
    <message>
        <source>{path}: the file has {links} hard links; saving would give this name a new file and leave the other names with the old contents. Save under another name, or remove the other links first</source>
        <translation>{path}：该文件有 {links} 个硬链接；保存会让这个名称指向新文件，而其他名称仍是旧内容。请另存为其他名称，或先删除其他链接</translation>
    </message>
    <message>
        <source>{field}: unknown initialiser {name!r} (known: {known})</source>
        <translation>{field}：未知的初始化方法 {name!r}（可选：{known}）</translation>
    </message>
    <message>
        <source>{field}: must be &gt;= {other}</source>
        <translation>{field}：必须 &gt;= {other}</translation>
    </message>
    <message>
        <source>{field}: must be a number between {minimum:g} and {maximum:g}, got {value}</source>
        <translation>{field}：必须是 {minimum:g} 到 {maximum:g} 之间的数值，实际为 {value}</translation>
    </message>
    <message>
        <source>{field}: must be a whole number between {minimum} and {maximum}, got {value}</source>
        <translation>{field}：必须是 {minimum} 到 {maximum} 之间的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>network.input_size: dataset {dataset!r} has {inputs} input(s), the network takes {size}</source>
        <translation>network.input_size：数据集 {dataset!r} 有 {inputs} 个输入，而网络接收 {size} 个</translation>
    </message>
    <message>
        <source>{field}: dataset {dataset!r} needs an output layer of size {allowed}, got {size}</source>
        <translation>{field}：数据集 {dataset!r} 需要大小为 {allowed} 的输出层，实际为 {size}</translation>
    </message>
    <message>
        <source>training.loss: cross-entropy with softmax needs at least 2 outputs</source>
        <translation>training.loss：交叉熵配合 softmax 至少需要 2 个输出</translation>
    </message>
    <message>
        <source>training.batch_size: batch normalization needs batches of at least 2 samples (this run&apos;s batches hold {batch}); raise the batch size or turn batch norm off</source>
        <translation>training.batch_size：批归一化要求每批至少有 2 个样本（本次训练每批只有 {batch} 个）；请增大批大小或关闭批归一化</translation>
    </message>
    <message>
        <source>init.biases.name: LSUV rescales weight matrices to fit the data; choose another initialiser for the biases</source>
        <translation>init.biases.name：LSUV 是按数据缩放权重矩阵的方法；请为偏置选择其他初始化方法</translation>
    </message>
    <message>
        <source>{field}: this run would need about {need} of memory ({part} of it here), more than the budget of {budget} (the environment variable {variable} sets it)</source>
        <translation>{field}：这次训练大约需要 {need} 内存（其中此项占 {part}），超出了 {budget} 的预算（可用环境变量 {variable} 设置）</translation>
    </message>
    <message>
        <source>{field}: {error}</source>
        <translation>{field}：{error}</translation>
    </message>
    <message>
        <source>step-through needs a network without batch norm (it couples the batch)</source>
        <translation>逐步演示要求网络不使用批归一化（它会把一批样本耦合在一起）</translation>
    </message>
    <message>
        <source>step-through needs a network without residual links</source>
        <translation>逐步演示要求网络没有残差连接</translation>
    </message>
    <message>
        <source>step-through needs element-wise output units (not softmax)</source>
        <translation>逐步演示要求输出单元逐元素计算（不能是 softmax）</translation>
    </message>
    <message>
        <source>step-through shows one line per weight: at most {limit} weights, this network has {count}</source>
        <translation>逐步演示为每个权重显示一行：最多 {limit} 个权重，而这个网络有 {count} 个</translation>
    </message>
    <message>
        <source>Forward pass: output layer</source>
        <translation>前向传播：输出层</translation>
    </message>
    <message>
        <source>Forward pass: hidden layer</source>
        <translation>前向传播：隐藏层</translation>
    </message>
    <message>
        <source>Forward pass: hidden layer {layer}</source>
        <translation>前向传播：隐藏层 {layer}</translation>
    </message>
    <message>
        <source>{loss} of out against the target</source>
        <translation>out 与目标值之间的 {loss}</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>derivative of {loss}</source>
        <translation>{loss} 的导数</translation>
    </message>
    <message>
        <source>Backward pass: output deltas δ = ∂E/∂net</source>
        <translation>反向传播：输出层的 δ = ∂E/∂net</translation>
    </message>
    <message>
        <source>With a fused loss (bce, cross-entropy) δ = out − target directly.</source>
        <translation>使用与输出层合并计算的损失（bce、cross-entropy）时，直接有 δ = out − target。</translation>
    </message>
    <message>
        <source>Backward pass: gradients of the output-layer weights (W{layer})</source>
        <translation>反向传播：输出层权重的梯度（W{layer}）</translation>
    </message>
    <message>
        <source>Backward pass: gradients of the hidden-layer weights (W{layer})</source>
        <translation>反向传播：隐藏层权重的梯度（W{layer}）</translation>
    </message>
    <message>
        <source>Backward pass: gradients of the output-layer weights</source>
        <translation>反向传播：输出层权重的梯度</translation>
    </message>
    <message>
        <source>Backward pass: gradients of the hidden-layer weights</source>
        <translation>反向传播：隐藏层权重的梯度</translation>
    </message>
    <message>
        <source>0 (no outgoing edges)</source>
        <translation>0（没有向外的连接）</translation>
    </message>
    <message>
        <source>Backward pass: the error reaching each hidden unit, summed over its paths</source>
        <translation>反向传播：到达每个隐藏单元的误差，对其所有路径求和</translation>
    </message>
    <message>
        <source>Each hidden output feeds every unit above it, so its gradient is the sum of one term per path.</source>
        <translation>每个隐藏单元的输出都送入上一层的每个单元，因此它的梯度是每条路径各贡献一项之和。</translation>
    </message>
    <message>
        <source>Every gradient was taken at the old weights; all weights change together.</source>
        <translation>所有梯度都是在旧权重处计算的；所有权重同时更新。</translation>
    </message>
    <message>
        <source>the {optimizer} optimiser</source>
        <translation>优化器 {optimizer}</translation>
    </message>
    <message>
        <source>clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>a batch of several samples</source>
        <translation>多个样本组成的批次</translation>
    </message>
    <message>
        <source>{note} This run trains with {differences}, so its real step differs.</source>
        <translation>{note}本次训练使用了{differences}，因此实际的更新与此不同。</translation>
    </message>
    <message>
        <source>Update: w⁺ = w − η·∂E/∂w (η = {lr:g})</source>
        <translation>参数更新：w⁺ = w − η·∂E/∂w（η = {lr:g}）</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first}和{second}</translation>
    </message>
    <message>
        <source>{first} and {second} and {third}</source>
        <translation>{first}、{second}和{third}</translation>
    </message>
    <message>
        <source>{first} or {second}</source>
        <translation>{first} 或 {second}</translation>
    </message>
    <message>
        <source>Predicted at initialisation by the mean-field recursion (Glorot &amp; Bengio 2010, He et al. 2015, Poole et al. 2016). For each sample, a layer&apos;s net input is taken as Gaussian over the layer&apos;s units, with mean n·E[w]·E[a] + E[b] and variance n·Var[w]·E[a²] + Var[b] (n = fan-in; E[a] and E[a²] over the units below); E[f], E[f²] and E[f′²] under that Gaussian give the layer&apos;s output, and its backward gain is √(n·Var[w]·E[f′²]). Assumptions: weights independent of each other and of the data (orthogonal ones count by their variance); the gradient reaching a layer independent of its f′; batch norm at its initial γ = 1, β = 0, with a Gaussian net input; wide layers: the prediction is the average over random initialisations, and one network of width n deviates by about 1/√n per layer, compounding with depth (most in ReLU stacks, and more when the data has only a few input dimensions). The recursion carries E[a²], not Var[a]: sigmoid&apos;s outputs average about 0.5, so the zero-mean form Var[z] = n·Var[w]·Var[a] under-predicts every later net input, by a factor that grows with depth. Measured values are of the current state; training moves them away from the prediction.</source>
        <translation>预测值是初始化时用平均场递推（Glorot &amp; Bengio 2010，He 等 2015，Poole 等 2016）算出的。对每个样本，把一层的净输入看作在该层各单元上服从高斯分布，均值为 n·E[w]·E[a] + E[b]，方差为 n·Var[w]·E[a²] + Var[b]（n 为扇入；E[a] 和 E[a²] 取自下一层的各单元）；在该高斯分布下的 E[f]、E[f²] 和 E[f′²] 给出这一层的输出，其反向增益为 √(n·Var[w]·E[f′²])。假设：权重彼此独立且与数据独立（正交权重按其方差计）；到达一层的梯度与该层的 f′ 独立；批归一化处于初始的 γ = 1、β = 0，且净输入服从高斯分布；层足够宽：预测是对随机初始化的平均，宽度为 n 的单个网络每层约偏离 1/√n，并随深度累积（ReLU 堆叠最明显，数据只有少数几个输入维度时更大）。递推跟踪的是 E[a²] 而不是 Var[a]：sigmoid 的输出平均约为 0.5，所以零均值形式 Var[z] = n·Var[w]·Var[a] 会低估之后每一层的净输入，且低估的倍数随深度增大。测量值是当前状态的；训练会让它们偏离预测。</translation>
    </message>
    <message>
        <source>batch norm divides the backward signal by each unit&apos;s spread over the batch, which this recursion does not track</source>
        <translation>批归一化把反向信号除以每个单元在批次上的离散程度，而这个递推不跟踪它</translation>
    </message>
    <message>
        <source>the weights&apos; mean is not 0: the backward signal then depends on how the gradients&apos; signs line up, not only on their size</source>
        <translation>权重的均值不为 0：这时反向信号取决于各梯度符号是否一致，而不只取决于它们的大小</translation>
    </message>
    <message>
        <source>the output layer&apos;s gradient comes from the loss, which depends on f′ there</source>
        <translation>输出层的梯度来自损失函数，而损失函数的梯度依赖于该处的 f′</translation>
    </message>
    <message>
        <source>softmax couples the output units</source>
        <translation>softmax 把各输出单元耦合在一起</translation>
    </message>
    <message>
        <source>a residual link spans a layer above whose gain has no prediction</source>
        <translation>有一条残差连接跨过了上面某个没有增益预测的层</translation>
    </message>
    <message>
        <source>the weights are explicit values (hand-set or saved), not drawn by an initialiser</source>
        <translation>权重是显式给定的值（手工设定或已保存的），不是由初始化方法抽取的</translation>
    </message>
    <message>
        <source>beyond floating-point range: the predicted signal grows without bound</source>
        <translation>超出浮点数范围：预测的信号无限增长</translation>
    </message>
    <message>
        <source>no gradient reaches the layer&apos;s output in this prediction</source>
        <translation>在这个预测中没有梯度到达该层的输出</translation>
    </message>
    <message>
        <source>{units} unit(s): the prediction is a spread over many units</source>
        <translation>只有 {units} 个单元：预测描述的是许多单元上的分布</translation>
    </message>
    <message>
        <source>fan-in {fan_in:g} and {units} unit(s): too few for the sums behind the gain to average out</source>
        <translation>扇入 {fan_in:g}、{units} 个单元：太少，增益背后的求和无法平均掉波动</translation>
    </message>
    <message>
        <source>{field}: must be a whole number</source>
        <translation>{field}：必须是整数</translation>
    </message>
    <message>
        <source>{field}: must be between 1 and {maximum}, got {value}</source>
        <translation>{field}：必须在 1 到 {maximum} 之间，实际为 {value}</translation>
    </message>
    <message>
        <source>layers: a network needs at least an output layer</source>
        <translation>layers：网络至少需要一个输出层</translation>
    </message>
    <message>
        <source>layers: at most {maximum} layers, got {count}</source>
        <translation>layers：最多 {maximum} 层，实际为 {count} 层</translation>
    </message>
    <message>
        <source>a hidden layer</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>{field}: {activation!r} is not available for {kind} (choose one of {allowed})</source>
        <translation>{field}：{activation!r} 不能用于{kind}（可选：{allowed}）</translation>
    </message>
    <message>
        <source>{field}: not supported on a softmax output</source>
        <translation>{field}：softmax 输出层不支持此项</translation>
    </message>
    <message>
        <source>{field}: the output layer cannot take a residual connection</source>
        <translation>{field}：输出层不能接收残差连接</translation>
    </message>
    <message>
        <source>layers: {count:,} weights is more than gradsim trains (at most {maximum:,}); use fewer or narrower layers</source>
        <translation>layers：{count:,} 个权重超出了 gradsim 能训练的上限（最多 {maximum:,} 个）；请减少层数或减小层宽</translation>
    </message>
    <message>
        <source>{field}: shape {shape} does not match W{number} {expected}</source>
        <translation>{field}：形状 {shape} 与 W{number} 的 {expected} 不符</translation>
    </message>
    <message>
        <source>masks: no weight matrix {matrix} (there are {count})</source>
        <translation>masks：没有权重矩阵 {matrix}（共有 {count} 个）</translation>
    </message>
    <message>
        <source>{field}: must name an earlier layer (0 = inputs .. {last}), got {value}</source>
        <translation>{field}：必须指向更早的一层（0 = 输入 .. {last}），实际为 {value}</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新量</translation>
    </message>
    <message>
        <source>Non-finite {quantity} in layer {layer} at step {step} — lower the learning rate or enable clipping</source>
        <translation>第 {step} 步第 {layer} 层的{quantity}出现非有限值——请降低学习率或启用梯度裁剪</translation>
    </message>
    <message>
        <source>Non-finite {quantity} at step {step} — lower the learning rate or enable clipping</source>
        <translation>第 {step} 步的{quantity}出现非有限值——请降低学习率或启用梯度裁剪</translation>
    </message>
    <message>
        <source>Every unit of layer {layer} is dead (f′ = 0 for every sample) at step {step}, right after the exploding update of step {cause} changed weights by {ratio}× their own size — the explosion switched them off; lower the learning rate or clip the gradient</source>
        <translation>第 {step} 步时第 {layer} 层的所有单元都已死亡（对每个样本都有 f′ = 0），就在第 {cause} 步的爆炸性更新使权重变化达到其自身大小的 {ratio} 倍之后——是这次爆炸把它们关闭了；请降低学习率或裁剪梯度</translation>
    </message>
    <message>
        <source>Every unit of layer {layer} is dead (f′ = 0 for every sample) at step {step} — no gradient reaches the layers below; lower the learning rate, or use LeakyReLU/ELU or He initialisation</source>
        <translation>第 {step} 步时第 {layer} 层的所有单元都已死亡（对每个样本 f′ = 0）——没有梯度能传到下面的层；请降低学习率，或改用 LeakyReLU/ELU 或 He 初始化</translation>
    </message>
    <message>
        <source>Batch norm in layer {layer} saw the same value for every sample at step {step} (zero variance) — its gradients are round-off noise; is the layer below dead or the data constant?</source>
        <translation>第 {step} 步时第 {layer} 层的批归一化对每个样本都得到相同的值（方差为零）——它的梯度只是舍入噪声；是下面的层已经死亡，还是数据本身是常数？</translation>
    </message>
    <message>
        <source>Overflow: backpropagation through time overflowed on this batch — a gradient is not a finite number</source>
        <translation>溢出：在这批数据上随时间反向传播发生了溢出——有梯度不是有限数</translation>
    </message>
    <message>
        <source>remedy {remedy!r} is for recurrent networks</source>
        <translation>补救措施 {remedy!r} 只适用于循环网络</translation>
    </message>
    <message>
        <source>remedy {remedy!r} is for feed-forward networks; a recurrent network takes {known}</source>
        <translation>补救措施 {remedy!r} 只适用于前馈网络；循环网络可用：{known}</translation>
    </message>
    <message>
        <source>Healthy through time: {reach} reaching the {state} at time step {first} is {ratio}× the one reaching it at step {last}</source>
        <translation>跨时间健康：{reach}在第 {first} 个时间步到达{state}时，是在第 {last} 个时间步时的 {ratio} 倍</translation>
    </message>
    <message>
        <source>cell state</source>
        <translation>细胞状态</translation>
    </message>
    <message>
        <source>hidden state</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>the gradient of step {last}&apos;s error</source>
        <translation>第 {last} 个时间步误差的梯度</translation>
    </message>
    <message>
        <source>the gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Vanishing through time: {reach} reaching the {state} at time step {first} is {ratio} of the one reaching it at step {last} — it shrinks on its way back through the time steps</source>
        <translation>跨时间梯度消失：{reach}在第 {first} 个时间步到达{state}时，只有在第 {last} 个时间步时的 {ratio}——它沿时间步向回传播时不断缩小</translation>
    </message>
    <message>
        <source>Exploding through time: {reach} reaching the {state} at time step {first} is {ratio}× the one reaching it at step {last}; clipping scales each step&apos;s gradient down to norm {clip:g} at most, so the updates stay bounded</source>
        <translation>跨时间梯度爆炸：{reach}在第 {first} 个时间步到达{state}时，是在第 {last} 个时间步时的 {ratio} 倍；梯度裁剪把每一步的梯度范数缩小到至多 {clip:g}，因此更新保持有界</translation>
    </message>
    <message>
        <source>Exploding through time: {reach} reaching the {state} at time step {first} is {ratio}× the one reaching it at step {last}; clipping holds each gradient component within ±{clip:g}, so the updates stay bounded</source>
        <translation>跨时间梯度爆炸：{reach}在第 {first} 个时间步到达{state}时，是在第 {last} 个时间步时的 {ratio} 倍；梯度裁剪把每个梯度分量限制在 ±{clip:g} 以内，因此更新保持有界</translation>
    </message>
    <message>
        <source>Exploding through time: {reach} reaching the {state} at time step {first} is {ratio}× the one reaching it at step {last} — it grows on its way back through the time steps</source>
        <translation>跨时间梯度爆炸：{reach}在第 {first} 个时间步到达{state}时，是在第 {last} 个时间步时的 {ratio} 倍——它沿时间步向回传播时不断增大</translation>
    </message>
    <message>
        <source>Healthy: backpropagation through time spans a single step, so the gradient crosses no step where it could vanish or explode</source>
        <translation>健康：随时间反向传播只跨越一个时间步，梯度不经过任何可能消失或爆炸的时间步</translation>
    </message>
    <message>
        <source>No gradient reached step {last}, so there is none to follow back through time</source>
        <translation>没有梯度到达第 {last} 个时间步，因此无从沿时间向回追踪</translation>
    </message>
    <message>
        <source>Exploding: the gradient norm grew {ratio}× in {steps} step(s) — clipping keeps the updates bounded; lower the learning rate if it keeps growing</source>
        <translation>梯度爆炸：梯度范数在 {steps} 步内增长了 {ratio} 倍——梯度裁剪使更新保持有界；如果它继续增长，请降低学习率</translation>
    </message>
    <message>
        <source>Dead units: {fraction} of the recurrent layer&apos;s units have f′ = 0 for every sample at every time step, so no gradient passes through them — start from the identity (IRNN) or lower the learning rate</source>
        <translation>死亡单元：循环层 {fraction} 的单元在每个时间步对每个样本都有 f′ = 0，因此没有梯度能穿过它们——请从单位矩阵开始（IRNN）或降低学习率</translation>
    </message>
    <message>
        <source>Dead time step: at time step {time} every unit of the recurrent layer has f′ = 0 for every sample, so no gradient flows back past it to the earlier steps — start from the identity (IRNN) or lower the learning rate</source>
        <translation>死亡时间步：在第 {time} 个时间步，循环层的每个单元对每个样本都有 f′ = 0，因此没有梯度能越过它流回更早的时间步——请从单位矩阵开始（IRNN）或降低学习率</translation>
    </message>
    <message>
        <source>Dead units: the exploding update at step {step} (it changed weights by {ratio}× their own size) switched off {fraction} of the recurrent layer&apos;s units — they have f′ = 0 for every sample at every time step and get no gradient to recover; lower the learning rate or clip the gradient</source>
        <translation>死亡单元：第 {step} 步的爆炸式更新（它使权重改变了自身大小的 {ratio} 倍）关闭了循环层 {fraction} 的单元——它们在每个时间步对每个样本都有 f′ = 0，得不到任何梯度来恢复；请降低学习率或裁剪梯度</translation>
    </message>
    <message>
        <source>Dead time step: the exploding update at step {step} (it changed weights by {ratio}× their own size) switched off every unit of the recurrent layer at time step {time} — no gradient flows back past it to the earlier steps; lower the learning rate or clip the gradient</source>
        <translation>死亡时间步：第 {step} 步的爆炸式更新（它使权重改变了自身大小的 {ratio} 倍）在第 {time} 个时间步关闭了循环层的每个单元——没有梯度能越过它流回更早的时间步；请降低学习率或裁剪梯度</translation>
    </message>
    <message>
        <source>weight_names: a recurrent network&apos;s weights have no lecture names (use null)</source>
        <translation>weight_names：循环网络的权重没有讲义中的名称（请用 null）</translation>
    </message>
    <message>
        <source>{field}: unknown cell {value!r} (known: {known})</source>
        <translation>{field}：未知的单元类型 {value!r}（可用：{known}）</translation>
    </message>
    <message>
        <source>σ′ of the {gate} gate at step {t}</source>
        <translation>第 {t} 个时间步 {gate} 门的 σ′</translation>
    </message>
    <message>
        <source>the weight is shared by all {n} time steps: their contributions add up</source>
        <translation>该权重由全部 {n} 个时间步共享：各时间步的贡献相加</translation>
    </message>
    <message>
        <source>the gradient reaching h_{t} through every later path (BPTT)</source>
        <translation>经由之后每条路径到达 h_{t} 的梯度（BPTT）</translation>
    </message>
    <message>
        <source>every route from c_{t} to the error, added up</source>
        <translation>从 c_{t} 到误差的每条路径之和</translation>
    </message>
    <message>
        <source>δ of the output, ∂E/∂net_out</source>
        <translation>输出的 δ，即 ∂E/∂net_out</translation>
    </message>
    <message>
        <source>the gradient at step {t}: the one at step {last} times every step&apos;s gain on the way back</source>
        <translation>第 {t} 个时间步的梯度：第 {last} 个时间步的梯度乘以回传途中每一步的增益</translation>
    </message>
    <message>
        <source>δ of the gate at step {t}, summed by truncated BPTT over the loss terms that reach it</source>
        <translation>第 {t} 个时间步门的 δ，由截断 BPTT 对能到达它的各损失项求和</translation>
    </message>
    <message>
        <source>{activation}′ at step {t}</source>
        <translation>第 {t} 个时间步的 {activation}′</translation>
    </message>
    <message>
        <source>outside the BPTT window: no gradient</source>
        <translation>在 BPTT 窗口之外：没有梯度</translation>
    </message>
    <message>
        <source>the readout is shared by all {n} time steps: their contributions add up</source>
        <translation>读出层由全部 {n} 个时间步共享：各时间步的贡献相加</translation>
    </message>
    <message>
        <source>the gradient reaching step {t}</source>
        <translation>到达第 {t} 个时间步的梯度</translation>
    </message>
    <message>
        <source>one step back, from {later} to {t}</source>
        <translation>向回一步，从第 {later} 步到第 {t} 步</translation>
    </message>
    <message>
        <source>the candidate value written</source>
        <translation>写入的候选值</translation>
    </message>
    <message>
        <source>the output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <source>tanh′ of the cell state</source>
        <translation>细胞状态的 tanh′</translation>
    </message>
    <message>
        <source>δ of the candidate n at step {t}</source>
        <translation>第 {t} 个时间步候选值 n 的 δ</translation>
    </message>
    <message>
        <source>what the reset gate scales</source>
        <translation>重置门所缩放的量</translation>
    </message>
    <message>
        <source>the reset gate, which scales the n gate&apos;s hidden part</source>
        <translation>重置门，它缩放 n 门的隐藏部分</translation>
    </message>
    <message>
        <source>the state {weight} multiplies at step {t}</source>
        <translation>第 {t} 个时间步 {weight} 所乘的状态</translation>
    </message>
    <message>
        <source>the input {weight} multiplies at step {t}</source>
        <translation>第 {t} 个时间步 {weight} 所乘的输入</translation>
    </message>
    <message>
        <source>the cell&apos;s output</source>
        <translation>细胞的输出</translation>
    </message>
    <message>
        <source>the cell state kept from step {t}</source>
        <translation>从第 {t} 个时间步保留下来的细胞状态</translation>
    </message>
    <message>
        <source>the input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <source>tanh′ of the candidate at step {t}</source>
        <translation>第 {t} 个时间步候选值的 tanh′</translation>
    </message>
    <message>
        <source>the share of the new value</source>
        <translation>新值所占的份额</translation>
    </message>
    <message>
        <source>old state minus candidate</source>
        <translation>旧状态减去候选值</translation>
    </message>
    <message>
        <source>the last hidden state, which the readout reads</source>
        <translation>读出层读取的最后一个隐藏状态</translation>
    </message>
    <message>
        <source>the gradient reaching the cell state at step {t} (BPTT)</source>
        <translation>到达第 {t} 个时间步细胞状态的梯度（BPTT）</translation>
    </message>
    <message>
        <source>the forget gate: the cell state&apos;s additive path, its &quot;+1&quot; gated</source>
        <translation>遗忘门：细胞状态的加性路径，即带门控的“+1”</translation>
    </message>
    <message>
        <source>the hidden state the readout reads at step {t}</source>
        <translation>第 {t} 个时间步读出层读取的隐藏状态</translation>
    </message>
    <message>
        <source>{field}: a recurrent network&apos;s readout is one layer (the output), got {count}</source>
        <translation>{field}：循环网络的读出层只有一层（输出层），实际为 {count}</translation>
    </message>
    <message>
        <source>{field}: the readout reads the hidden state, so it must equal {other} ({size}), got {value}</source>
        <translation>{field}：读出层读取隐藏状态，因此它必须等于 {other}（{size}），实际为 {value}</translation>
    </message>
    <message>
        <source>{field}: a recurrent network&apos;s readout has no batch norm, residual link or edge mask</source>
        <translation>{field}：循环网络的读出层没有批归一化、残差连接或边掩码</translation>
    </message>
    <message>
        <source>{field}: LSUV fits feed-forward layers to the data; choose another initialiser for the readout</source>
        <translation>{field}：LSUV 用数据拟合前馈层；请为读出层选择其他初始化方法</translation>
    </message>
    <message>
        <source>Non-finite {quantity} in layer {layer} at time step {time} of step {step} — lower the learning rate or enable clipping</source>
        <translation>第 {step} 步第 {layer} 层在第 {time} 个时间步的{quantity}出现非有限值——请降低学习率或启用梯度裁剪</translation>
    </message>
    <message>
        <source>Every unit of the recurrent layer is dead at time step {time} (f′ = 0 for every sample) at step {step}, right after the exploding update of step {cause} changed weights by {ratio}× their own size — the explosion switched them off; lower the learning rate or clip the gradient</source>
        <translation>第 {step} 步时，循环层的每个单元在第 {time} 个时间步都已死亡（对每个样本 f′ = 0），紧接在第 {cause} 步的爆炸式更新使权重改变了自身大小的 {ratio} 倍之后——是爆炸关闭了它们；请降低学习率或裁剪梯度</translation>
    </message>
    <message>
        <source>Every unit of the recurrent layer is dead at time step {time} (f′ = 0 for every sample) at step {step} — no gradient flows back through time past it; lower the learning rate or start from the identity (IRNN)</source>
        <translation>第 {step} 步时，循环层的每个单元在第 {time} 个时间步都已死亡（对每个样本 f′ = 0）——没有梯度能越过它沿时间向回流动；请降低学习率或从单位矩阵开始（IRNN）</translation>
    </message>
    <message>
        <source>Paused at step {step}: {message}</source>
        <translation>已在第 {step} 步暂停：{message}</translation>
    </message>
</context>
<context>
    <name>Init</name>
    <message>
        <source>Uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正态分布</translation>
    </message>
    <message>
        <source>Xavier (uniform)</source>
        <translation>Xavier（均匀）</translation>
    </message>
    <message>
        <source>Xavier (normal)</source>
        <translation>Xavier（正态）</translation>
    </message>
    <message>
        <source>He (uniform)</source>
        <translation>He（均匀）</translation>
    </message>
    <message>
        <source>He (normal)</source>
        <translation>He（正态）</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>Orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <source>LSUV (unit variance per layer)</source>
        <translation>LSUV（逐层单位方差）</translation>
    </message>
</context>
<context>
    <name>MathText</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
</context>
<context>
    <name>Notes</name>
    <message>
        <source>ReLU: a slope of exactly 1</source>
        <translation>ReLU：斜率恰好为 1</translation>
    </message>
    <message>
        <source>In the per-layer gradient plot the lines stay bunched together instead of fanning out by orders of magnitude; the chain-rule panel&apos;s layer-by-layer gains sit near 1. Keep an eye on the &lt;i&gt;dead&lt;/i&gt; measurement: a unit whose input is negative for every sample passes nothing back.</source>
        <translation>在各层梯度图中，曲线聚在一起，而不是按数量级散开；链式法则面板中的逐层增益都在 1 附近。留意&lt;i&gt;死亡&lt;/i&gt;指标：一个对每个样本输入都为负的单元不会回传任何梯度。</translation>
    </message>
    <message>
        <source>Backprop multiplies by f′ at every layer. σ′ is never above 0.25, so ten sigmoid layers cost at least a factor 0.25¹⁰ ≈ 10⁻⁶. ReLU&apos;s f′ is 1 wherever the unit is active, so the only thing scaling the gradient is the weights — and a sensible initialisation keeps those near 1 in effect.</source>
        <translation>反向传播在每一层都要乘以 f′。σ′ 从不超过 0.25，所以十个 sigmoid 层至少让梯度缩小 0.25¹⁰ ≈ 10⁻⁶ 倍。ReLU 在单元激活处的 f′ 为 1，于是缩放梯度的只剩权重——而合理的初始化让权重的实际作用保持在 1 附近。</translation>
    </message>
    <message>
        <source>LeakyReLU: never quite off</source>
        <translation>LeakyReLU：从不完全关闭</translation>
    </message>
    <message>
        <source>The same healthy gradient plot as ReLU, and the &lt;i&gt;dead&lt;/i&gt; fraction stays at zero. In the activation explorer the left half of f′ is a low shelf at α instead of the floor.</source>
        <translation>梯度图和 ReLU 一样健康，而&lt;i&gt;死亡&lt;/i&gt;比例始终为零。在激活函数浏览器中，f′ 的左半边是一个高度为 α 的低台阶，而不是贴着零。</translation>
    </message>
    <message>
        <source>Below zero the unit still has slope α (0.01 by default), so a unit pushed into the negative region keeps receiving a small gradient and can climb back out; a plain ReLU there is stuck.</source>
        <translation>在零以下，单元仍有斜率 α（默认 0.01），因此被推入负区域的单元仍能收到少量梯度并重新回到正区域；普通 ReLU 在那里就卡住了。</translation>
    </message>
    <message>
        <source>ELU: smooth below zero</source>
        <translation>ELU：零以下平滑过渡</translation>
    </message>
    <message>
        <source>Gradients as healthy as ReLU&apos;s, a loss curve that often falls a little faster, and pre-activation histograms centred closer to zero.</source>
        <translation>梯度与 ReLU 一样健康，损失曲线往往下降得更快一些，预激活直方图也更靠近零。</translation>
    </message>
    <message>
        <source>For u &gt; 0 the slope is 1, like ReLU. Below zero f = α(eᵘ − 1) bends smoothly towards −α, so the slope fades gradually instead of jumping to 0 and the layer&apos;s outputs average nearer zero, which keeps the next layer&apos;s inputs well scaled.</source>
        <translation>u &gt; 0 时斜率为 1，与 ReLU 相同。零以下 f = α(eᵘ − 1) 平滑地弯向 −α，斜率逐渐减小而不是突然跳到 0，该层输出的均值也更接近零，使下一层的输入保持合适的尺度。</translation>
    </message>
    <message>
        <source>Batch normalisation: keep units in their useful range</source>
        <translation>批归一化：让单元保持在有效区间</translation>
    </message>
    <message>
        <source>Select a layer in the activation explorer: its pre-activations form a narrow hump around 0, right where σ′ is at its 0.25 peak, instead of spreading into the shaded flat tails. Early layers&apos; gradient norms rise towards the last layer&apos;s.</source>
        <translation>在激活函数浏览器中选择一层：它的预激活值在 0 附近形成一个窄峰，正好落在 σ′ 取峰值 0.25 的地方，而不是散布到阴影中的平坦尾部。靠前各层的梯度范数向最后一层靠拢。</translation>
    </message>
    <message>
        <source>BN rescales each unit&apos;s pre-activations over the batch to mean 0 and variance 1 (then lets the network learn a scale γ and shift β). Units therefore stay out of saturation, and the backward pass divides by the batch&apos;s standard deviation, which undoes much of the shrinking caused by small weights. It needs batches of at least two samples.</source>
        <translation>批归一化把每个单元在一批样本上的预激活值重新缩放为均值 0、方差 1（再让网络学习缩放 γ 和平移 β）。这样单元就不会进入饱和区，而且反向传播时要除以这一批的标准差，抵消了小权重造成的大部分缩小。它要求每批至少有两个样本。</translation>
    </message>
    <message>
        <source>Residual links: the &quot;+1&quot; path</source>
        <translation>残差连接：“+1”通路</translation>
    </message>
    <message>
        <source>In the chain-rule panel a hidden weight gains an extra path, &lt;i&gt;skip&lt;/i&gt;, whose factor is exactly 1; the layer-by-layer gains stay near 1 even though every f′ is below 0.25.</source>
        <translation>在链式法则面板中，隐藏层权重多了一条&lt;i&gt;跳跃&lt;/i&gt;路径，其因子恰好为 1；即使每个 f′ 都小于 0.25，逐层增益仍保持在 1 附近。</translation>
    </message>
    <message>
        <source>With a&lt;sub&gt;l&lt;/sub&gt; = f(u&lt;sub&gt;l&lt;/sub&gt;) + a&lt;sub&gt;l−1&lt;/sub&gt;, the derivative ∂a&lt;sub&gt;l&lt;/sub&gt;/∂a&lt;sub&gt;l−1&lt;/sub&gt; is f′·W &lt;b&gt;+ 1&lt;/b&gt;. However small the f′·W part gets, the identity term carries the gradient past the layer unchanged, so the gradient reaching the first layers no longer depends on a long product of small numbers.</source>
        <translation>当 a&lt;sub&gt;l&lt;/sub&gt; = f(u&lt;sub&gt;l&lt;/sub&gt;) + a&lt;sub&gt;l−1&lt;/sub&gt; 时，导数 ∂a&lt;sub&gt;l&lt;/sub&gt;/∂a&lt;sub&gt;l−1&lt;/sub&gt; 等于 f′·W &lt;b&gt;+ 1&lt;/b&gt;。无论 f′·W 部分变得多小，恒等项都会把梯度原样带过这一层，因此到达前几层的梯度不再取决于一长串小数的乘积。</translation>
    </message>
    <message>
        <source>Gradient clipping: a speed limit</source>
        <translation>梯度裁剪：限速</translation>
    </message>
    <message>
        <source>On an exploding run the loss stays finite instead of ending in a non-finite value; the clip-norm readout shows the raw norm far above the threshold and the applied one at it.</source>
        <translation>在梯度爆炸的训练中，损失保持有限，而不是以非有限值告终；裁剪范数读数显示原始范数远高于阈值，而实际施加的范数正好等于阈值。</translation>
    </message>
    <message>
        <source>When the total gradient norm exceeds the threshold, every gradient is scaled down by the same factor: the direction of the step is kept, only its length is capped. It treats the symptom of exploding gradients (huge steps) and does nothing for vanishing ones.</source>
        <translation>当总梯度范数超过阈值时，所有梯度按同一比例缩小：步长的方向不变，只是长度被限制。它治的是梯度爆炸的症状（步子过大），对梯度消失毫无帮助。</translation>
    </message>
    <message>
        <source>He initialisation: start at the right scale</source>
        <translation>He 初始化：从合适的尺度出发</translation>
    </message>
    <message>
        <source>With ReLU units the per-layer gains start close to 1 and the first step&apos;s gradient norms are similar across layers; with 3× too large weights they grow layer by layer instead.</source>
        <translation>使用 ReLU 单元时，各层增益一开始就接近 1，第一步的梯度范数在各层间相近；若权重大了 3 倍，梯度则会逐层增大。</translation>
    </message>
    <message>
        <source>Drawing weights with variance 2 / fan-in keeps the size of a ReLU layer&apos;s outputs — and of the gradients flowing back — the same from layer to layer (the 2 makes up for ReLU zeroing half its inputs). It cannot lift sigmoid&apos;s 0.25 ceiling; for sigmoid/tanh the matching choice is Xavier/Glorot.</source>
        <translation>按方差 2 / 扇入 抽取权重，能让 ReLU 层输出的大小——以及回传梯度的大小——在各层之间保持一致（因子 2 弥补了 ReLU 把一半输入置零）。它无法突破 sigmoid 的 0.25 上限；对 sigmoid/tanh，相应的选择是 Xavier/Glorot 初始化。</translation>
    </message>
    <message>
        <source>Orthogonal initialisation: every direction kept</source>
        <translation>正交初始化：保留每一个方向</translation>
    </message>
    <message>
        <source>On the Distributions view&apos;s &lt;i&gt;Jacobian&lt;/i&gt; page the hidden stack&apos;s singular values lie close together — a small condition number — where random Gaussian weights spread them over decades. With sigmoid units they are close together &lt;i&gt;and&lt;/i&gt; small: the weights no longer distort the gradient, but every σ′ ≤ 0.25 still shrinks it.</source>
        <translation>在“分布”视图的&lt;i&gt;雅可比&lt;/i&gt;页上，隐藏层堆叠的奇异值彼此靠近——条件数很小——而随机高斯权重会让它们散布在好几个数量级上。用 sigmoid 单元时，它们彼此靠近&lt;i&gt;而且&lt;/i&gt;都很小：权重不再扭曲梯度，但每个 σ′ ≤ 0.25 仍在把它缩小。</translation>
    </message>
    <message>
        <source>An orthogonal matrix keeps the length of every vector it multiplies, so a stack of them with linear units has every singular value of its Jacobian exactly 1 (Saxe et al. 2014: &quot;dynamical isometry&quot;). A Gaussian matrix stretches some directions and squashes others, and over many layers that compounds. gradsim uses gain √2 for ReLU-like units (they zero half their inputs), else 1. The activation&apos;s slope is untouched.</source>
        <translation>正交矩阵保持它所乘的每个向量的长度，所以由正交矩阵和线性单元堆叠成的网络，其雅可比矩阵的每个奇异值都恰好为 1（Saxe 等人 2014：“动力学等距”）。高斯矩阵会拉伸某些方向、压缩另一些方向，层数一多，这种效应就会累积。gradsim 对 ReLU 类单元使用增益 √2（它们把一半输入置零），否则为 1。激活函数的斜率不受影响。</translation>
    </message>
    <message>
        <source>LSUV: measure, then rescale</source>
        <translation>LSUV：先测量，再缩放</translation>
    </message>
    <message>
        <source>On the Distributions view, &lt;i&gt;Pre-activation u&lt;/i&gt; at step 0: every layer&apos;s std is about 1, from the first layer to the last, whatever the activation.</source>
        <translation>在“分布”视图中选&lt;i&gt;预激活 u&lt;/i&gt;，看第 0 步：从第一层到最后一层，每层的标准差都约为 1，无论用哪种激活函数。</translation>
    </message>
    <message>
        <source>&lt;p&gt;A unit&apos;s net input z = Σ w·a + b adds n terms (n = fan-in). With independent weights of mean 0 and variance Var[w], its variance is n·Var[w]·E[a²], and the gradient on its way back is multiplied by about √(n·Var[w]·E[f′²]) per layer (Glorot and Bengio 2010, He et al. 2015). That is why Xavier (Var[w] = 2/(fan-in + fan-out)) suits tanh and He (2/fan-in) suits ReLU. gradsim runs this recursion layer by layer (the mean-field form of Poole et al. 2016, carrying means too) and draws its prediction as the purple bracket in the Distributions view.&lt;/p&gt;&lt;p&gt;&lt;b&gt;What it assumes:&lt;/b&gt; weights independent of each other and of the data; a Gaussian net input; the gradient reaching a layer independent of that layer&apos;s f′; wide layers. It predicts the average over random initialisations, and one network of width n is off by about 1/√n per layer — on gradsim&apos;s 8-unit presets the bracket and the histogram differ visibly. It predicts the network &lt;i&gt;at initialisation&lt;/i&gt;: once training has moved the weights, the bracket shows where the layer started, not where it should be now.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Where it fails:&lt;/b&gt; the textbook zero-mean form Var[z] = n·Var[w]·Var[a] assumes activations of mean 0. Sigmoid&apos;s outputs average about 0.5, and that mean reaches every net input: on six sigmoid layers of width 256 that form predicts the activations&apos; std 2.5× too small at layer 2 and 600× too small at layer 6. gradsim carries E[a²] instead, which holds. No prediction is made for a batch-norm layer&apos;s backward gain (it divides by each unit&apos;s spread over the batch), for the output layer&apos;s gain (it comes from the loss), for weights of non-zero mean (the gain), for layers with fewer than 4 units (for the gain, also fewer than 4 inputs), or for weights set by hand or loaded from a file; the view says so instead of drawing a bracket. Batch norm&apos;s forward pass (mean 0, variance 1 at γ = 1, β = 0) and residual sums are predicted.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一个单元的净输入 z = Σ w·a + b 是 n 项之和（n = 扇入）。若权重彼此独立、均值为 0、方差为 Var[w]，则它的方差为 n·Var[w]·E[a²]；梯度在反向传播时每层约乘以 √(n·Var[w]·E[f′²])（Glorot 与 Bengio 2010，He 等人 2015）。这就是为什么 Xavier（Var[w] = 2/(扇入 + 扇出)）适合 tanh，而 He（2/扇入）适合 ReLU。gradsim 逐层运行这一递推（Poole 等人 2016 的平均场形式，同时跟踪均值），并在“分布”视图中把预测画成紫色括号。&lt;/p&gt;&lt;p&gt;&lt;b&gt;它的假设：&lt;/b&gt;权重彼此独立且与数据无关；净输入服从高斯分布；到达某层的梯度与该层的 f′ 无关；层足够宽。它预测的是对随机初始化取平均的结果，宽度为 n 的单个网络每层约偏离 1/√n——在 gradsim 每层 8 个单元的预设上，括号和直方图有明显差别。它预测的是&lt;i&gt;初始化时&lt;/i&gt;的网络：一旦训练改变了权重，括号表示的是该层的起点，而不是它现在应有的样子。&lt;/p&gt;&lt;p&gt;&lt;b&gt;它在哪里失效：&lt;/b&gt;教科书中的零均值形式 Var[z] = n·Var[w]·Var[a] 假设激活值的均值为 0。sigmoid 的输出平均约为 0.5，这个均值会进入每一个净输入：在六个宽度为 256 的 sigmoid 层上，这种形式预测的激活值标准差在第 2 层小了 2.5 倍，在第 6 层小了 600 倍。gradsim 跟踪的是 E[a²]，因此成立。以下情况不做预测：批归一化层的反向增益（它要除以每个单元在一批样本上的离散程度）、输出层的增益（它来自损失函数）、均值不为零的权重（增益）、少于 4 个单元的层（对增益，还有少于 4 个输入的层），以及手动设定或从文件载入的权重；视图会说明原因，而不是画出括号。批归一化的前向传播（γ = 1、β = 0 时均值 0、方差 1）和残差求和是可以预测的。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The chain rule, as in the lecture</source>
        <translation>链式法则（与课程一致）</translation>
    </message>
    <message>
        <source>&lt;p&gt;For an output weight such as &lt;b&gt;w5&lt;/b&gt; the error depends on it through one chain: ∂E/∂w5 = ∂E/∂out&lt;sub&gt;o1&lt;/sub&gt; · ∂out&lt;sub&gt;o1&lt;/sub&gt;/∂net&lt;sub&gt;o1&lt;/sub&gt; · ∂net&lt;sub&gt;o1&lt;/sub&gt;/∂w5 — how the error changes with the output, the sigmoid&apos;s slope, and the input the weight multiplies (out&lt;sub&gt;h1&lt;/sub&gt;).&lt;/p&gt;&lt;p&gt;A hidden weight such as &lt;b&gt;w1&lt;/b&gt; feeds h1, and h1 feeds &lt;i&gt;both&lt;/i&gt; outputs, so the error reaches out&lt;sub&gt;h1&lt;/sub&gt; along two paths that add up: ∂E/∂out&lt;sub&gt;h1&lt;/sub&gt; = ∂E&lt;sub&gt;o1&lt;/sub&gt;/∂out&lt;sub&gt;h1&lt;/sub&gt; + ∂E&lt;sub&gt;o2&lt;/sub&gt;/∂out&lt;sub&gt;h1&lt;/sub&gt;; then the chain continues through σ′ at h1 and the input i1.&lt;/p&gt;&lt;p&gt;With a batch of samples the loss is their mean, so ∂E/∂w is the mean of each sample&apos;s own ∂E/∂w: the panel writes one sample&apos;s chain out in full — every factor that sample&apos;s own number, so the factors really multiply to its gradient — and shows the batch gradient as the mean over the samples. Batch norm ties the samples together; there the sample&apos;s δ is shown after that coupling.&lt;/p&gt;&lt;p&gt;&lt;b&gt;In the app:&lt;/b&gt; select a weight to see these factors with their live values; use the step-through on the seed preset to follow the whole forward pass, loss, backward pass and update one stage at a time, and &lt;i&gt;Check&lt;/i&gt; to compare with a numerical estimate.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Notation.&lt;/b&gt; The loss is E everywhere, as in the lecture. On the lecture&apos;s network the units and weights keep the lecture&apos;s names (i1, h1, o1, w1…w8). On every other network the weight matrix feeding layer l is W&lt;sub&gt;l&lt;/sub&gt; and indices count from 0, for weights and units alike: W3[2,0] joins unit 0 of layer 2 (h2_0) to unit 2 of layer 3 (h3_2); inputs are i0, i1, …, outputs o0, o1, …. Powers of ten are written raised: 3.2×10⁻⁷.&lt;/p&gt;</source>
        <translation>&lt;p&gt;对于 &lt;b&gt;w5&lt;/b&gt; 这样的输出层权重，误差通过一条链依赖于它：∂E/∂w5 = ∂E/∂out&lt;sub&gt;o1&lt;/sub&gt; · ∂out&lt;sub&gt;o1&lt;/sub&gt;/∂net&lt;sub&gt;o1&lt;/sub&gt; · ∂net&lt;sub&gt;o1&lt;/sub&gt;/∂w5——误差随输出的变化、sigmoid 的斜率，以及该权重所乘的输入（out&lt;sub&gt;h1&lt;/sub&gt;）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;w1&lt;/b&gt; 这样的隐藏层权重输入到 h1，而 h1 同时输入到&lt;i&gt;两个&lt;/i&gt;输出，所以误差沿两条路径到达 out&lt;sub&gt;h1&lt;/sub&gt;，两者相加：∂E/∂out&lt;sub&gt;h1&lt;/sub&gt; = ∂E&lt;sub&gt;o1&lt;/sub&gt;/∂out&lt;sub&gt;h1&lt;/sub&gt; + ∂E&lt;sub&gt;o2&lt;/sub&gt;/∂out&lt;sub&gt;h1&lt;/sub&gt;；然后链条继续经过 h1 处的 σ′ 和输入 i1。&lt;/p&gt;&lt;p&gt;当一批有多个样本时，损失是它们的平均值，所以 ∂E/∂w 是每个样本各自 ∂E/∂w 的平均值：面板完整写出其中一个样本的链条——每个因子都是该样本自己的数值，所以这些因子相乘确实等于它的梯度——并把整批的梯度表示为各样本的平均值。批归一化把样本联系在一起；此时显示的是该样本经过这种耦合之后的 δ。&lt;/p&gt;&lt;p&gt;&lt;b&gt;在本程序中：&lt;/b&gt;选择一个权重即可看到这些因子及其实时数值；在示例预设上用“逐步演示”逐个阶段跟随整个前向传播、损失、反向传播和参数更新；用&lt;i&gt;检验&lt;/i&gt;与数值估计进行比较。&lt;/p&gt;&lt;p&gt;&lt;b&gt;记号。&lt;/b&gt;损失处处记作 E，与讲义一致。在讲义的网络上，单元和权重沿用讲义的名字（i1、h1、o1、w1…w8）。在其他所有网络上，通向第 l 层的权重矩阵记作 W&lt;sub&gt;l&lt;/sub&gt;，权重和单元的下标都从 0 开始：W3[2,0] 连接第 2 层的单元 0（h2_0）与第 3 层的单元 2（h3_2）；输入为 i0、i1、…，输出为 o0、o1、…。10 的幂写成上标：3.2×10⁻⁷。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each layer the gradient passes back through multiplies it by f′(u)·w. The sigmoid&apos;s slope σ′ = σ(1 − σ) is at most &lt;b&gt;0.25&lt;/b&gt; (at u = 0) and almost 0 in the tails, and initial weights are usually below 1, so along any one path every sigmoid layer shrinks the gradient by a factor of 4 or more: ten layers, a millionth. (A layer of several units adds several paths up, so its measured gain is somewhat larger — about 0.3 on deep-sigmoid — but still far below 1.) The first layers then barely change and stay close to their random start.&lt;/p&gt;&lt;p&gt;&lt;b&gt;In the app:&lt;/b&gt; the per-layer gradient plot (log scale) shows the early layers&apos; lines far below the last layer&apos;s; the chain-rule panel&apos;s layer-by-layer row shows gains far below 1 multiplying to a tiny number; the status bar says &lt;i&gt;Vanishing&lt;/i&gt; once the gradient reaching the first hidden layer is a thousandth or less of what reaches the last one (see &lt;i&gt;How gradsim judges a run&lt;/i&gt;); the activation explorer shows how many units sit in the flat tails.&lt;/p&gt;</source>
        <translation>&lt;p&gt;梯度每向回穿过一层，就要乘以 f′(u)·w。sigmoid 的斜率 σ′ = σ(1 − σ) 最大只有 &lt;b&gt;0.25&lt;/b&gt;（在 u = 0 处），在两端几乎为 0，而初始权重通常小于 1，所以沿任何一条路径，每个 sigmoid 层都会把梯度缩小至少 4 倍：十层下来，只剩百万分之一。（一层有多个单元时，多条路径会相加，所以实测的层增益稍大一些——在 deep-sigmoid 上约为 0.3——但仍远小于 1。）于是前几层几乎不变，一直停留在随机初始状态附近。&lt;/p&gt;&lt;p&gt;&lt;b&gt;在本程序中：&lt;/b&gt;各层梯度图（对数坐标）中，前几层的曲线远低于最后一层；链式法则面板的逐层一行显示远小于 1 的增益相乘得到一个极小的数；一旦到达第一个隐藏层的梯度只有到达最后一个隐藏层梯度的千分之一或更少，状态栏就显示&lt;i&gt;梯度消失&lt;/i&gt;（见&lt;i&gt;gradsim 如何评判一次训练&lt;/i&gt;）；激活函数浏览器显示有多少单元落在平坦的尾部。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The same product, the other way round: if |f′·w| is above 1 at every layer — large initial weights, or a long chain of ReLUs with too large weights — the gradient grows geometrically on its way to the first layers. Updates overshoot, the loss jumps, and numbers overflow to infinity.&lt;/p&gt;&lt;p&gt;&lt;b&gt;In the app:&lt;/b&gt; the backward-gain bars stand above 1 (about 2.6 on deep-exploding), the gradient lines of every layer shoot up by orders of magnitude from one step to the next, and the run stops with a message naming the layer and the step where a value first became non-finite. ReLU units may instead be switched off for good by such a step; the status bar then says the explosion killed them. Try clipping, a smaller learning rate or He initialisation.&lt;/p&gt;</source>
        <translation>&lt;p&gt;同一个乘积，方向相反：如果每一层的 |f′·w| 都大于 1——初始权重过大，或一长串权重过大的 ReLU 层——梯度在传向前几层的途中按几何级数增长。更新步子过大，损失剧烈跳动，数值溢出为无穷大。&lt;/p&gt;&lt;p&gt;&lt;b&gt;在本程序中：&lt;/b&gt;反向增益的柱条高于 1（在 deep-exploding 上约为 2.6），每一层的梯度曲线一步之间就飙升好几个数量级，训练停止时会给出一条消息，指出数值最先变为非有限值的层和步数。ReLU 单元也可能被这样的一步彻底关闭；这时状态栏会说明是爆炸杀死了它们。试试梯度裁剪、更小的学习率或 He 初始化。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>How gradsim judges a run</source>
        <translation>gradsim 如何评判一次训练</translation>
    </message>
    <message>
        <source>Why gradients vanish</source>
        <translation>梯度为什么会消失</translation>
    </message>
    <message>
        <source>Layer-sequential unit variance (Mishkin and Matas 2016) does not trust a formula: it starts from orthogonal matrices and, first layer to last, rescales each layer&apos;s weights until its net input measured on training data has variance 1. So the forward signal keeps its size through any depth; the activation&apos;s slope is untouched, so sigmoid&apos;s 0.25 per layer still shrinks the gradient.</source>
        <translation>逐层单位方差（Mishkin 与 Matas 2016）不依赖公式：它从正交矩阵出发，从第一层到最后一层，依次缩放每层的权重，直到在训练数据上测得的净输入方差为 1。这样前向信号在任意深度都保持大小；但激活函数的斜率不变，所以 sigmoid 每层 0.25 的上限仍在缩小梯度。</translation>
    </message>
    <message>
        <source>Why gradients explode</source>
        <translation>梯度为什么会爆炸</translation>
    </message>
    <message>
        <source>&lt;p&gt;The verdict in the status bar, in &lt;i&gt;gradsim run&lt;/i&gt;, in the comparison window and, for one weight&apos;s path, in the chain-rule panel follows one definition, the lecture&apos;s: backprop multiplies the gradient by f′·w at every hidden layer it crosses on its way down, so gradsim compares the gradient reaching the first hidden layer&apos;s output, ‖∂E/∂a&lt;sub&gt;1&lt;/sub&gt;‖, with the one reaching the last hidden layer&apos;s, ‖∂E/∂a&lt;sub&gt;H&lt;/sub&gt;‖ — the &lt;i&gt;hidden flow&lt;/i&gt;. The output layer is left out on purpose: its error and its own slope multiply every weight&apos;s gradient alike (a saturated output sigmoid makes them all small once the loss is small), which is no reason for early layers to learn more slowly than late ones.&lt;/p&gt;&lt;p&gt;The first of these that applies is the verdict:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;non-finite&lt;/b&gt; — a value overflowed to NaN or ∞: the gradient exploded and training stopped;&lt;/li&gt;&lt;li&gt;&lt;b&gt;exploding&lt;/b&gt; — the total gradient norm grew {growth}× or more within {window} steps;&lt;/li&gt;&lt;li&gt;&lt;b&gt;converged&lt;/b&gt; — the training loss is at most {converged} of the loss of a constant guess (the targets&apos; mean): the network has learned its training data, and small errors make small gradients;&lt;/li&gt;&lt;li&gt;&lt;b&gt;dead&lt;/b&gt; — at least {dead} of a hidden layer&apos;s units have f′ = 0 for every sample of the batch and pass no gradient; if a step just before changed some weights by their own size or more, the verdict says that explosion switched them off;&lt;/li&gt;&lt;li&gt;&lt;b&gt;vanishing&lt;/b&gt; — the hidden flow is {vanishing} or less;&lt;/li&gt;&lt;li&gt;&lt;b&gt;exploding&lt;/b&gt; — the hidden flow is {exploding} or more (a lower bar than vanishing&apos;s: steps a hundred times too large overshoot and grow further, while early layers that get a hundredth of the gradient still learn, only slowly);&lt;/li&gt;&lt;li&gt;&lt;b&gt;saturated&lt;/b&gt; — at least {saturated} of a hidden layer&apos;s activations sit where |f′| is below 1 % of its maximum;&lt;/li&gt;&lt;li&gt;&lt;b&gt;healthy&lt;/b&gt; — none of these.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Ratios and fractions are medians over the last {rows} recorded steps, so one odd mini-batch does not flip the verdict. For one weight the chain-rule panel applies the same thresholds to its own batch: the hidden flow from the last hidden layer down to the weight&apos;s layer, a dead or saturated unit the weight feeds, a dead unit whose output it multiplies, a dead layer above it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;状态栏、&lt;i&gt;gradsim run&lt;/i&gt;、比较窗口中的结论，以及链式法则面板中对单个权重路径的结论，都遵循同一个定义，也就是课程中的定义：反向传播在向下穿过每一个隐藏层时都把梯度乘以 f′·w，所以 gradsim 比较到达第一个隐藏层输出的梯度 ‖∂E/∂a&lt;sub&gt;1&lt;/sub&gt;‖ 与到达最后一个隐藏层输出的梯度 ‖∂E/∂a&lt;sub&gt;H&lt;/sub&gt;‖——即&lt;i&gt;隐藏层梯度流&lt;/i&gt;。输出层被有意排除在外：它的误差和它自身的斜率对每个权重的梯度都乘上同样的因子（损失变小后，饱和的输出 sigmoid 会让所有梯度一起变小），这并不会让前几层比后几层学得更慢。&lt;/p&gt;&lt;p&gt;以下各条中第一条成立的就是结论：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;非有限&lt;/b&gt;——某个数值溢出为 NaN 或 ∞：梯度爆炸，训练已停止；&lt;/li&gt;&lt;li&gt;&lt;b&gt;梯度爆炸&lt;/b&gt;——总梯度范数在 {window} 步之内增长了 {growth} 倍或更多；&lt;/li&gt;&lt;li&gt;&lt;b&gt;已收敛&lt;/b&gt;——训练损失不超过常数猜测（取目标值的平均）损失的 {converged}：网络已经学会了训练数据，误差小，所以梯度也小；&lt;/li&gt;&lt;li&gt;&lt;b&gt;死亡&lt;/b&gt;——某个隐藏层至少 {dead} 的单元对这一批的每个样本都有 f′ = 0，不传递任何梯度；如果就在之前的某一步让一些权重的变化达到其自身大小或更多，结论会指出是那次爆炸把它们关闭了；&lt;/li&gt;&lt;li&gt;&lt;b&gt;梯度消失&lt;/b&gt;——隐藏层梯度流不超过 {vanishing}；&lt;/li&gt;&lt;li&gt;&lt;b&gt;梯度爆炸&lt;/b&gt;——隐藏层梯度流达到 {exploding} 或更高（门槛比梯度消失的低：步长大了一百倍会越走越偏、越变越大，而只得到百分之一梯度的前几层仍然在学习，只是更慢）；&lt;/li&gt;&lt;li&gt;&lt;b&gt;饱和&lt;/b&gt;——某个隐藏层至少 {saturated} 的激活值落在 |f′| 不到其最大值 1% 的区域；&lt;/li&gt;&lt;li&gt;&lt;b&gt;健康&lt;/b&gt;——以上都不成立。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;比值和比例取最近 {rows} 个记录步的中位数，所以一个反常的小批次不会让结论翻转。对单个权重，链式法则面板在它自己的那一批数据上使用相同的阈值：从最后一个隐藏层向下到该权重所在层的隐藏层梯度流、该权重所连接的死亡或饱和单元、它所乘输出来自的死亡单元，以及它上方的死亡层。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The remedies at a glance</source>
        <translation>补救方法一览</translation>
    </message>
    <message>
        <source>&lt;p&gt;Change the activation (ReLU, LeakyReLU, ELU: slope 1 instead of ≤ 0.25), normalise each layer (batch norm: keep units near their steepest point), add identity shortcuts (residual links: a &quot;+1&quot; in every layer&apos;s derivative), start at the right scale (He/Xavier initialisation), and cap the step (gradient clipping, against explosion only).&lt;/p&gt;&lt;p&gt;&lt;b&gt;In the app:&lt;/b&gt; the comparison window runs a configuration against the same one with a single remedy applied — same topology, data and seed — and says in one line which keeps the early layers&apos; gradients alive.&lt;/p&gt;</source>
        <translation>&lt;p&gt;更换激活函数（ReLU、LeakyReLU、ELU：斜率为 1，而不是 ≤ 0.25），对每层做归一化（批归一化：让单元靠近其最陡的位置），加入恒等捷径（残差连接：每层的导数中多一个“+1”），从合适的尺度出发（He/Xavier 初始化），以及限制步长（梯度裁剪，只针对梯度爆炸）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;在本程序中：&lt;/b&gt;比较窗口把一个配置与只施加了一种补救方法的同一配置并排运行——拓扑、数据和随机种子都相同——并用一句话说明哪一个让前几层的梯度保持活跃。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What initialisation theory predicts, and where it fails</source>
        <translation>初始化理论预测什么，又在哪里失效</translation>
    </message>
    <message>
        <source>Looking inside the layers</source>
        <translation>深入观察各层</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Distributions view shows what practitioners look at besides norms.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Histograms:&lt;/b&gt; one column per layer, input → output, on one shared value axis, for the pre-activations u, the activations a, the gradient reaching each layer ∂L/∂a, or the weight gradients ∂L/∂W. A vanishing gradient shows as the early layers&apos; columns of ∂L/∂a collapsing into a sliver of the range the later ones span; saturation as u piling up in the shaded tails, where f′ is below 1 % of its maximum. Under each column: its std and saturated fraction; ▲/▼ count values beyond the shared range.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Update ratio:&lt;/b&gt; ‖ΔW‖/‖W‖, how much a step changes each layer&apos;s weights relative to their size. A common rule of thumb puts a healthy value near 10⁻³; layers far below it barely learn (the early layers of a vanishing net), far above it are being thrown around.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Jacobian:&lt;/b&gt; the singular values of ∂a&lt;sub&gt;L−1&lt;/sub&gt;/∂a&lt;sub&gt;1&lt;/sub&gt;, how the hidden stack stretches each direction of a gradient passing through it. All near 1 is &quot;dynamical isometry&quot;; a large condition number (largest ÷ smallest) means some directions vanish while others survive.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“分布”视图显示实践者在范数之外还会看的东西。&lt;/p&gt;&lt;p&gt;&lt;b&gt;直方图：&lt;/b&gt;每层一列，从输入到输出，共用一条数值轴，可显示预激活 u、激活值 a、到达各层的梯度 ∂L/∂a 或权重梯度 ∂L/∂W。梯度消失表现为靠前各层的 ∂L/∂a 列缩成后面各层所占范围中的一条细线；饱和表现为 u 堆积在阴影尾部，那里 f′ 低于其最大值的 1%。每列下方：它的标准差和饱和比例；▲/▼ 统计落在共用范围之外的数值个数。&lt;/p&gt;&lt;p&gt;&lt;b&gt;更新比：&lt;/b&gt;‖ΔW‖/‖W‖，即一步更新相对于权重大小改变了多少。常用的经验法则认为健康值在 10⁻³ 附近；远低于它的层几乎不学习（梯度消失网络的靠前各层），远高于它的层则被剧烈地来回推动。&lt;/p&gt;&lt;p&gt;&lt;b&gt;雅可比：&lt;/b&gt;∂a&lt;sub&gt;L−1&lt;/sub&gt;/∂a&lt;sub&gt;1&lt;/sub&gt; 的奇异值，表示隐藏层堆叠如何拉伸穿过它的梯度的每个方向。全部接近 1 即“动力学等距”；条件数（最大值 ÷ 最小值）很大，说明一些方向消失而另一些方向保留。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Through time: why gates help</source>
        <translation>随时间展开：门控为什么有用</translation>
    </message>
    <message>
        <source>&lt;p&gt;A recurrent network unrolled over T steps is a T-layer network that uses one weight matrix, W&lt;sub&gt;hh&lt;/sub&gt;, at every layer. Backprop through time multiplies the gradient by ∂h&lt;sub&gt;t&lt;/sub&gt;/∂h&lt;sub&gt;t−1&lt;/sub&gt; = diag(f′(z&lt;sub&gt;t&lt;/sub&gt;))·W&lt;sub&gt;hh&lt;/sub&gt; once per step back, so ∂h&lt;sub&gt;T&lt;/sub&gt;/∂h&lt;sub&gt;1&lt;/sub&gt; is a product of T − 1 such factors. With tanh (f′ ≤ 1) and a W&lt;sub&gt;hh&lt;/sub&gt; whose largest singular value is below 1, every factor shrinks the gradient and the first steps get next to nothing: it vanishes. When the factors&apos; gains are above 1 it grows geometrically: it explodes. The Through time view shows it: in the heat map each column is a training step and each row a time step; the gain plot shows each step&apos;s factor against the line at 1.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The cell state&apos;s additive path.&lt;/b&gt; An LSTM keeps a second state, c&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt; ⊙ c&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt; ⊙ g&lt;sub&gt;t&lt;/sub&gt;. Along it, one step back multiplies the gradient by the forget gate f&lt;sub&gt;t&lt;/sub&gt; alone, unit by unit: no weight matrix and no squashing slope. It is the &quot;+1&quot; of the lecture&apos;s residual block again: a&lt;sub&gt;l&lt;/sub&gt; = F(a&lt;sub&gt;l−1&lt;/sub&gt;) + a&lt;sub&gt;l−1&lt;/sub&gt; has the derivative ∂F/∂a&lt;sub&gt;l−1&lt;/sub&gt; + 1, and the LSTM replaces that 1 by a gate the network learns, close to 1 where it must remember. A GRU does the same with h&lt;sub&gt;t&lt;/sub&gt; = (1 − z&lt;sub&gt;t&lt;/sub&gt;) ⊙ n&lt;sub&gt;t&lt;/sub&gt; + z&lt;sub&gt;t&lt;/sub&gt; ⊙ h&lt;sub&gt;t−1&lt;/sub&gt;: the update gate z passes the old state straight through.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The other remedies.&lt;/b&gt; Clipping scales an exploded gradient down so that one update stays bounded; it does nothing for a vanishing one. A ReLU RNN started at W&lt;sub&gt;hh&lt;/sub&gt; = I (IRNN) gives every active unit a gain of exactly 1 at the start.&lt;/p&gt;</source>
        <translation>&lt;p&gt;把循环网络按 T 个时间步展开，它就是一个 T 层的网络，且每一层都使用同一个权重矩阵 W&lt;sub&gt;hh&lt;/sub&gt;。随时间反向传播时，每往回走一步，梯度都要乘以 ∂h&lt;sub&gt;t&lt;/sub&gt;/∂h&lt;sub&gt;t−1&lt;/sub&gt; = diag(f′(z&lt;sub&gt;t&lt;/sub&gt;))·W&lt;sub&gt;hh&lt;/sub&gt;，因此 ∂h&lt;sub&gt;T&lt;/sub&gt;/∂h&lt;sub&gt;1&lt;/sub&gt; 是 T − 1 个这样的因子的乘积。用 tanh（f′ ≤ 1）且 W&lt;sub&gt;hh&lt;/sub&gt; 的最大奇异值小于 1 时，每个因子都使梯度变小，最早的时间步几乎得不到梯度：梯度消失。当这些因子的增益大于 1 时，梯度按几何级数增长：梯度爆炸。「随时间」视图显示了这一点：热图中每一列是一个训练步，每一行是一个时间步；增益图把每一步的因子与 1 这条线对比。&lt;/p&gt;&lt;p&gt;&lt;b&gt;细胞状态的加法通路。&lt;/b&gt;LSTM 另有一个状态 c&lt;sub&gt;t&lt;/sub&gt; = f&lt;sub&gt;t&lt;/sub&gt; ⊙ c&lt;sub&gt;t−1&lt;/sub&gt; + i&lt;sub&gt;t&lt;/sub&gt; ⊙ g&lt;sub&gt;t&lt;/sub&gt;。沿着它往回走一步，梯度只逐个单元乘以遗忘门 f&lt;sub&gt;t&lt;/sub&gt;：没有权重矩阵，也没有压缩函数的斜率。这又是讲义中残差块的「+1」：a&lt;sub&gt;l&lt;/sub&gt; = F(a&lt;sub&gt;l−1&lt;/sub&gt;) + a&lt;sub&gt;l−1&lt;/sub&gt; 的导数是 ∂F/∂a&lt;sub&gt;l−1&lt;/sub&gt; + 1，LSTM 把这个 1 换成网络自己学习的门，在需要记住的地方接近 1。GRU 用 h&lt;sub&gt;t&lt;/sub&gt; = (1 − z&lt;sub&gt;t&lt;/sub&gt;) ⊙ n&lt;sub&gt;t&lt;/sub&gt; + z&lt;sub&gt;t&lt;/sub&gt; ⊙ h&lt;sub&gt;t−1&lt;/sub&gt; 做同样的事：更新门 z 让旧状态直接通过。&lt;/p&gt;&lt;p&gt;&lt;b&gt;其他补救方法。&lt;/b&gt;梯度裁剪把爆炸的梯度缩小，使一次更新保持有界；它对消失的梯度无能为力。以 W&lt;sub&gt;hh&lt;/sub&gt; = I 初始化的 ReLU RNN（IRNN）在开始时使每个激活的单元的增益恰好为 1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What to look for.</source>
        <translation>观察要点。</translation>
    </message>
    <message>
        <source>More: {0}</source>
        <translation>更多：{0}</translation>
    </message>
    <message>
        <source>Why it works.</source>
        <translation>为什么有效。</translation>
    </message>
    <message>
        <source>Ideas</source>
        <translation>原理</translation>
    </message>
    <message>
        <source>Remedies</source>
        <translation>补救方法</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
</context>
<context>
    <name>NotesDialog</name>
    <message>
        <source>gradsim — notes</source>
        <translation>gradsim — 讲解</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>The lecture&apos;s 2-2-2 sigmoid network: backprop by hand, weights w1…w8</source>
        <translation>课程中的 2-2-2 sigmoid 网络：手算反向传播，权重 w1…w8</translation>
    </message>
    <message>
        <source>Vanishing: 10 sigmoid layers, small init — early layers barely learn</source>
        <translation>梯度消失：10 个 sigmoid 层、较小的初始化——前几层几乎学不到东西</translation>
    </message>
    <message>
        <source>Exploding: a deep LeakyReLU net with 3× too large initial weights (|f&apos;·w| &gt; 1)</source>
        <translation>梯度爆炸：深层 LeakyReLU 网络，初始权重大了 3 倍（|f&apos;·w| &gt; 1）</translation>
    </message>
    <message>
        <source>Remedy: ReLU instead of sigmoid (f&apos; = 1 where active)</source>
        <translation>补救：用 ReLU 代替 sigmoid（激活处 f&apos; = 1）</translation>
    </message>
    <message>
        <source>Remedy: LeakyReLU (slope 0.01 below zero keeps units alive)</source>
        <translation>补救：LeakyReLU（零以下斜率 0.01，让单元保持存活）</translation>
    </message>
    <message>
        <source>Remedy: ELU (smooth, negative outputs, f&apos; = 1 for u &gt; 0)</source>
        <translation>补救：ELU（平滑、可输出负值，u &gt; 0 时 f&apos; = 1）</translation>
    </message>
    <message>
        <source>Remedy: batch normalization on every sigmoid layer</source>
        <translation>补救：在每个 sigmoid 层上使用批归一化</translation>
    </message>
    <message>
        <source>Remedy: residual (skip) connections around every sigmoid layer</source>
        <translation>补救：在每个 sigmoid 层周围加残差（跳跃）连接</translation>
    </message>
    <message>
        <source>XOR with one small tanh hidden layer</source>
        <translation>异或（XOR），一个小的 tanh 隐藏层</translation>
    </message>
    <message>
        <source>Two circles with two tanh hidden layers</source>
        <translation>两个同心圆，两个 tanh 隐藏层</translation>
    </message>
    <message>
        <source>Two spirals: a deeper tanh net with Adam</source>
        <translation>双螺旋：更深的 tanh 网络，使用 Adam</translation>
    </message>
    <message>
        <source>Vanishing through time: a tanh RNN must recall its first input after 30 steps</source>
        <translation>随时间消失：tanh RNN 必须在 30 步之后回忆起它的第一个输入</translation>
    </message>
    <message>
        <source>Exploding through time: a ReLU RNN whose W_hh has spectral radius 3</source>
        <translation>随时间爆炸：W_hh 谱半径为 3 的 ReLU RNN</translation>
    </message>
    <message>
        <source>Remedy: the exploding ReLU RNN with its gradient clipped to norm 1</source>
        <translation>补救：把爆炸的 ReLU RNN 的梯度裁剪到范数 1</translation>
    </message>
    <message>
        <source>Remedy: an LSTM cell — the cell state&apos;s additive path carries the gradient back</source>
        <translation>补救：LSTM 单元——细胞状态的加法通路把梯度传回去</translation>
    </message>
    <message>
        <source>Remedy: a GRU cell — h_t = (1 − z)·n + z·h_{t−1} keeps a direct path back</source>
        <translation>补救：GRU 单元——h_t = (1 − z)·n + z·h_{t−1} 保留一条直接的回传通路</translation>
    </message>
    <message>
        <source>Remedy: a ReLU RNN started from the identity (IRNN)</source>
        <translation>补救：从单位矩阵开始的 ReLU RNN（IRNN）</translation>
    </message>
    <message>
        <source>Inputs 0.05, 0.10; targets 0.01, 0.99; learning rate 0.5; biases 0.35 and 0.60 (frozen). Select w5 to see three chain factors ∂E/∂out·∂out/∂net·∂net/∂w, and w1 to see the paths through o1 and o2 add up. After one step E_total falls from 0.298371 and w5 becomes 0.358916.</source>
        <translation>输入 0.05、0.10；目标值 0.01、0.99；学习率 0.5；偏置 0.35 和 0.60（固定，不参与训练）。选择 w5 可以看到三个链式因子 ∂E/∂out·∂out/∂net·∂net/∂w，选择 w1 可以看到经由 o1 和 o2 的两条路径相加。训练一步后，E_total 从 0.298371 开始下降，w5 变为 0.358916。</translation>
    </message>
    <message>
        <source>σ&apos;(u) ≤ 0.25, so every layer multiplies the gradient by |σ&apos;(u)·w| &lt; 1. Watch the hidden layers&apos; backward gains sit far below 1 (about 0.3 each) and the first layer&apos;s gradient norm fall orders of magnitude below the last&apos;s.</source>
        <translation>σ&apos;(u) ≤ 0.25，因此每一层都把梯度乘以 |σ&apos;(u)·w| &lt; 1。观察各隐藏层的反向增益远低于 1（每层约 0.3），而第一层的梯度范数比最后一层低好几个数量级。</translation>
    </message>
    <message>
        <source>LeakyReLU units with weights ~N(0, 1.5²), three times He&apos;s scale: every hidden layer multiplies the gradient by about 2.6 on its way down, so the gradient reaching the first layer is hundreds to tens of thousands of times the one reaching the last hidden layer. The first update changes a weight matrix by more than its own size, the gradient then grows by orders of magnitude from step to step, and within four steps the run ends in a non-finite value. (With plain ReLU the units would mostly be switched off for good by the first huge updates instead.) Enable gradient clipping, or use he_normal, to tame it.</source>
        <translation>LeakyReLU 单元，权重 ~N(0, 1.5²)，是 He 初始化尺度的三倍：梯度向下传播时，每个隐藏层都把它乘以约 2.6，因此到达第一层的梯度是到达最后一个隐藏层梯度的数百到数万倍。第一次更新就让某个权重矩阵的变化超过它自身的大小，随后梯度一步之间增长好几个数量级，四步之内训练就以非有限值告终。（如果用普通 ReLU，单元多半会被最初几次巨大的更新彻底关闭。）启用梯度裁剪，或改用 he_normal，即可驯服它。</translation>
    </message>
    <message>
        <source>ReLU&apos;s derivative is exactly 1 for active units, so the gradient passes through layers unshrunk. Watch for dead units (f&apos; = 0 for every sample).</source>
        <translation>对处于激活状态的单元，ReLU 的导数恰好为 1，因此梯度穿过各层时不会缩小。留意死亡单元（对每个样本 f&apos; = 0）。</translation>
    </message>
    <message>
        <source>Like ReLU, but negative inputs still pass 1 % of the gradient, so no unit dies for good.</source>
        <translation>与 ReLU 类似，但负输入仍能传回 1% 的梯度，所以没有单元会永久死亡。</translation>
    </message>
    <message>
        <source>ELU keeps ReLU&apos;s unit slope for positive inputs and a smooth, non-zero slope below zero.</source>
        <translation>ELU 对正输入保持 ReLU 的单位斜率，在零以下则有平滑且不为零的斜率。</translation>
    </message>
    <message>
        <source>BN rescales each layer&apos;s pre-activations to zero mean and unit variance, which keeps sigmoid units out of their flat tails and rescales the backward signal: early layers wake up.</source>
        <translation>批归一化把每层的预激活值重新缩放为均值 0、方差 1，使 sigmoid 单元远离平坦的尾部，并重新缩放反向传播的信号：前几层重新开始学习。</translation>
    </message>
    <message>
        <source>a_l = σ(u_l) + a_{l−1}: the identity path adds 1 to ∂a_l/∂a_{l−1}, so the gradient reaches the first layers even though σ&apos; ≤ 0.25.</source>
        <translation>a_l = σ(u_l) + a_{l−1}：恒等路径为 ∂a_l/∂a_{l−1} 加上 1，因此即使 σ&apos; ≤ 0.25，梯度也能到达前几层。</translation>
    </message>
    <message>
        <source>Not linearly separable: needs a hidden layer.</source>
        <translation>线性不可分：需要一个隐藏层。</translation>
    </message>
    <message>
        <source>A ring around a disc: the boundary must bend all the way round.</source>
        <translation>一个圆环包围着一个圆盘：决策边界必须绕成完整的一圈。</translation>
    </message>
    <message>
        <source>The hardest toy set: needs several layers and many steps.</source>
        <translation>最难的玩具数据集：需要好几层和大量训练步数。</translation>
    </message>
    <message>
        <source>The memory task: the first input is ±1, the next 29 are 0, and at step 30 the network must say which it was. Unrolled, the RNN is a 30-layer network that shares one weight matrix: every step back multiplies the gradient by diag(tanh′)·W_hh, and W_hh starts with spectral radius 0.5. The gradient reaching the first step&apos;s hidden state is about 1e-9 of the one at step 30, so the weights that would store the first input get next to nothing, and the loss stays near chance (0.69).</source>
        <translation>记忆任务：第一个输入是 ±1，之后 29 个输入为 0，到第 30 步网络必须说出第一个输入是哪一个。展开后，这个 RNN 是一个共享同一权重矩阵的 30 层网络：每往回走一步，梯度都乘以 diag(tanh′)·W_hh，而 W_hh 的初始谱半径是 0.5。到达第一步隐藏状态的梯度约为第 30 步的 1e-9，所以本应存储第一个输入的权重几乎得不到梯度，损失停留在随机猜测的水平附近（0.69）。</translation>
    </message>
    <message>
        <source>W_hh is orthogonal times 3, so each step back can multiply the gradient by up to 3: at the start the gradient reaching the first step is 10⁵ to 10¹² times the one at step 30. The first update changes the weights by thousands to billions of times their own size, and within three steps the run overflows — or that update switches every unit off at some time step, and no gradient flows back past it any more. Clip the gradient (rnn-clipped) to tame it.</source>
        <translation>W_hh 是正交矩阵乘以 3，所以每往回走一步，梯度最多可乘以 3：开始时到达第一步的梯度是第 30 步的 10⁵ 到 10¹² 倍。第一次更新使权重改变其自身大小的数千到数十亿倍，三步之内训练就会溢出——或者那次更新使某个时间步的所有单元都关闭，梯度再也无法越过它往回流。裁剪梯度（rnn-clipped）可以驯服它。</translation>
    </message>
    <message>
        <source>The same network as rnn-exploding. The gradient through time still explodes at the start — the diagnosis says so — but clipping (Pascanu, Mikolov &amp; Bengio 2013) scales each step&apos;s gradient down to norm 1, so every update moves the weights a bounded distance and training goes on.</source>
        <translation>与 rnn-exploding 相同的网络。开始时随时间的梯度仍然爆炸——诊断会这样说——但梯度裁剪（Pascanu、Mikolov &amp; Bengio 2013）把每一步的梯度缩小到范数 1，于是每次更新使权重移动有界的距离，训练得以继续。</translation>
    </message>
    <message>
        <source>c_t = f ⊙ c_{t−1} + i ⊙ g: one step back along the cell state multiplies the gradient by the forget gate f, not by a weight matrix and a slope — the &quot;+1&quot; of a residual link, gated. The forget gate&apos;s bias starts at 2 (f ≈ 0.88; Gers, Schmidhuber &amp; Cummins 2000), so the gradient reaching the cell state at step 1 is a usable fraction of the one at step 30, and the LSTM learns to store the first input where the tanh RNN of rnn-vanishing cannot.</source>
        <translation>c_t = f ⊙ c_{t−1} + i ⊙ g：沿细胞状态往回走一步，梯度乘以遗忘门 f，而不是乘以权重矩阵和斜率——这就是残差连接的「+1」，只是加了门控。遗忘门的偏置初始为 2（f ≈ 0.88；Gers、Schmidhuber &amp; Cummins 2000），所以到达第 1 步细胞状态的梯度是第 30 步的一个可用的比例，LSTM 学会存储第一个输入，而 rnn-vanishing 的 tanh RNN 做不到。</translation>
    </message>
    <message>
        <source>The update gate z mixes the old state straight into the new one, so one step back multiplies the gradient by z plus the path through the gates. Its bias starts at 2 (z ≈ 0.88), and the gradient reaches the first step without vanishing.</source>
        <translation>更新门 z 把旧状态直接混入新状态，所以往回走一步，梯度乘以 z 再加上经过各个门的通路。它的偏置初始为 2（z ≈ 0.88），梯度到达第一步时不会消失。</translation>
    </message>
    <message>
        <source>W_hh = I with ReLU units (Le, Jaitly &amp; Hinton 2015): an active unit passes its value — and its gradient — from one step to the next unchanged, a gain of exactly 1, so nothing vanishes or explodes at the start, and with zero inputs after step 1 the first input is held exactly.</source>
        <translation>W_hh = I 配合 ReLU 单元（Le、Jaitly &amp; Hinton 2015）：一个激活的单元把它的值——以及它的梯度——原样从一步传到下一步，增益恰好为 1，所以开始时既不消失也不爆炸；而且第 1 步之后的输入都为 0，第一个输入被精确地保持住。</translation>
    </message>
</context>
<context>
    <name>RecurrentChain</name>
    <message>
        <source>Readout weight &lt;b&gt;{w}&lt;/b&gt;: it maps the hidden state to the output, so the error reaches it without going back through time.</source>
        <translation>读出权重 &lt;b&gt;{w}&lt;/b&gt;：它把隐藏状态映射到输出，所以误差不必沿时间往回传就能到达它。</translation>
    </message>
    <message>
        <source>Recurrent weight &lt;b&gt;{w}&lt;/b&gt;: the same weight is used at every time step, so its gradient is the sum of every step&apos;s contribution — backprop through time is the chain rule with these paths added up.</source>
        <translation>循环权重 &lt;b&gt;{w}&lt;/b&gt;：同一个权重在每个时间步都被使用，所以它的梯度是每一步贡献之和——随时间反向传播就是把这些路径加起来的链式法则。</translation>
    </message>
    <message>
        <source>A batch of {n} sequences: ∂E/∂{w} is the mean of each sequence&apos;s own ∂E/∂{w}. Sequence {k} is written out below.</source>
        <translation>一个批次有 {n} 个序列：∂E/∂{w} 是每个序列自己的 ∂E/∂{w} 的平均值。下面写出序列 {k}。</translation>
    </message>
    <message>
        <source>where sequence {0}&apos;s ∂E/∂{1} is</source>
        <translation>其中序列 {0} 的 ∂E/∂{1} 为</translation>
    </message>
    <message>
        <source>Back through time</source>
        <translation>沿时间往回</translation>
    </message>
    <message>
        <source>— the gradient reaching an early step is the last step&apos;s times every step&apos;s gain on the way back (below 1 it shrinks, above 1 it grows)</source>
        <translation>——到达较早时间步的梯度等于最后一步的梯度乘以往回路上每一步的增益（小于 1 则缩小，大于 1 则增大）</translation>
    </message>
</context>
<context>
    <name>StepThroughPanel</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Step-through</source>
        <translation>逐步演示</translation>
    </message>
    <message>
        <source>Load the seed preset to follow its forward pass, loss, backward pass and update one stage at a time.</source>
        <translation>载入示例预设，逐个阶段跟随它的前向传播、损失、反向传播和参数更新。</translation>
    </message>
</context>
<context>
    <name>TimeGainPlot</name>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>gain</source>
        <translation>增益</translation>
    </message>
    <message>
        <source>Gain of one step back (latest step)</source>
        <translation>往回一步的增益（最新一步）</translation>
    </message>
    <message>
        <source>‖∂L/∂h_{t−1}‖ / ‖∂L/∂h_t‖ at each time step t of the latest training step: below 1 the gradient shrinks one more step back, above 1 it grows</source>
        <translation>最新训练步中每个时间步 t 的 ‖∂L/∂h_{t−1}‖ / ‖∂L/∂h_t‖：小于 1 时梯度每往回一步就再缩小，大于 1 时则增大</translation>
    </message>
    <message>
        <source>1: the gradient keeps its size</source>
        <translation>1：梯度大小不变</translation>
    </message>
</context>
<context>
    <name>TimeHeatMap</name>
    <message>
        <source>training step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>log₁₀ ‖∂L/∂h_t‖ as it trains</source>
        <translation>训练过程中的 log₁₀ ‖∂L/∂h_t‖</translation>
    </message>
    <message>
        <source>How far back in time the gradient reaches: the colour of time step t (up) at training step s (across) is log₁₀ of the gradient reaching the hidden state h_t, ‖∂L/∂h_t‖ over the batch</source>
        <translation>梯度能沿时间往回传多远：训练步 s（横轴）时时间步 t（纵轴）的颜色，是到达隐藏状态 h_t 的梯度 ‖∂L/∂h_t‖（对整个批次）的 log₁₀</translation>
    </message>
</context>
</TS>
