/**
 * Hand-written lexical cue groups, added as extra features ("cue:gas") next to the n-grams.
 * Six hundred messages cannot teach that 煤气味, 燃气 and "gas smell" mean the same thing;
 * a cue group says so once, and the model still learns how much each cue is worth per kind.
 */

const groups: Record<string, RegExp> = {
  danger: /危险|护栏|护拦|栏杆|防护|井盖|出事|出人命|吓人|吓死|万一|隐患|警示|遮拦|没有?护栏|提心吊胆|太悬|怕.{0,6}(掉|倒|塌|砸|淹|着|中毒|滑坡|出)|danger/i,
  fire: /着火|起火|失火|火苗|冒烟|黑烟|烧荒|山火|火灾|烟头|灭火|易燃|汽油|鞭炮|炸药|fire|smoke/i,
  gas: /煤气味|燃气|漏气|冒气|液化气|天然气|中毒|一氧化碳|gas/i,
  live_wire: /冒火花|打火|火花|漏电|带电|电线.{0,6}(耷拉|掉|断|露|垂|压|晃)|高压线|私拉|电网|spark/i,
  collapse: /塌|裂.{0,2}缝|裂逢|裂纹|歪|倒下来|往下掉|砸|滑坡|泥石流|落石|鼓出|掏空|烂尾|collapse|crack/i,
  water_danger: /深坑|深水|大坑|水坑|水塘|池塘|冰薄|掉进|淹|溺|游泳|汛期|洪水|漫过|涨水|水涨|flood|pit/i,
  illegal: /偷着|偷偷|半夜|非法|私自|违规|乱接|挖沙|挖砂|取土|挖土|废料|排到河|往河里|病死|illegal/i,
  broken: /坏|不亮|不响|不热|不转|不通电|不上水|不出水|不出热水|打不着|不着了|漏水|漏雨|渗水|滴水|堵|跳闸|跳匝|停水|停电|没电|没水|没信号|冻住|冻裂|冻坏|爆了|断了|故障|broken|leak|not working|out for/i,
  fix: /修|换一|补补|砌|填一填|疏通|抽了|加固|硬化|师傅|电工|fix|repair/i,
  conflict: /不给|不还|不认|不承认|不承任|不赔|不让|不管|不养|不出钱|不退|欠|占了|占我|占着|霸占|吵|骂|打架|打起来|闹|争|调解|评理|说不通|不听|欺负|赖着|偏心|赡养|工钱|工前|工资|彩礼|地界|界桩|界石|refuse|won't|hasn't paid|arguing/i,
  neighbour: /邻居|隔壁|隔避|对门|前院|后院|后邻|他家|他们家|兄弟|哥哥|弟弟|姐姐|嫂子|儿媳|儿子|老板|包工头|neighbou?r|brother|contractor/i,
  help: /帮|捎|陪|代办|代领|代交|代取|带点|代点|搭把手|人手|搬不动|扛不动|背不动|不会弄|不会用|不识字|看不懂|够不着|接一下|送到|照看|托人|托一下|help|hand|someone|take my/i,
  elder: /老人|老伴|老两口|老爷子|老太太|老汉|奶奶|爷爷|婆婆|我妈|我爸|俺娘|俺爹|俺妈|老母亲|孤寡|五保|grandma|grandpa|mum|dad|mother|father/i,
  say_things: /说事|说是日|当面|面对面|见一面|书记|支书|唠唠|说道说道|掰扯|电话里说不|不方便在群里|in person|say-things|residents' day|secretary/i,
  proposal: /建议|提议|建义|提意|提个议|提个想法|说个想法|商量|议一议|投票|表决|村民大会|代表会|村规|全村|集体出|集资|每户出|每家出|大伙|大家看|大家觉得|suggest|propos|vote|discuss/i,
  question: /吗|咋|怎么|如何|多少|哪里|在哪|去哪|找谁|啥时候|什么时候|几年|几号|是不是|有没有|要不要|还有没|能不能.{0,8}(报|领|办|交|申请|享受)|[?？]|请问|想问|咨询|啥叫|\bhow\b|\bwhat\b|\bwhen\b|\bis my\b|\bcan i\b/i,
  policy: /补贴|不贴|补助|低保|低报|低宝|医保|医宝|养老金|养老今|养老钱|养老保险|社保|新农合|合作医疗|报销|政策|审批|审请|户口|身份证|残疾证|证明|材料|手续|津贴|救助|资格|条件|办理|备案|上牌|营业执照|房产证|贷款|subsid|insurance|pension|eligible|documents|dibao/i,
  thanks: /谢谢|感谢|多谢|辛苦|修好了|解决了|办好了|弄好了|满意|不用麻烦|没事了|thank/i,
  meta: /忽略|指令|设定|系统提示|管理员|工单|办结|已完成|优先级|机器人|分类|从现在起|你现在|ignore|instruction|previous|system prompt/i,
  greeting: /新年好|拜年|快乐|安康|恭喜|祝.{0,4}(健康|如意|快乐)|早上好|晚上好|你好|您好|晚安|吃了没|吃饺子|hello|good morning/i,
  chatter: /发错|打错|乱按|测试|谁的号|月亮|天气|加微信|出售|低价|转发|新来的/i,
  urgent_call: /快来|快帮|救命|赶紧|马上|快找|\bnow\b/i,
};

export function cueFeatures(normalisedText: string): string[] {
  return Object.entries(groups)
    .filter(([, re]) => re.test(normalisedText))
    .map(([name]) => `cue:${name}`);
}
