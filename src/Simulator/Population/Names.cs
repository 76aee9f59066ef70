namespace OneThing.Simulator;

/// <summary>Name pools for the made-up population: common surnames, and given names as each generation was
/// named.</summary>
public static class Names
{
    // The ten commonest surnames come twice, so they come up about twice as often.
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
        "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "曹",
        "袁", "邓", "许", "沈", "彭", "吕", "苏", "卢", "蒋", "蔡",
        "贾", "丁", "魏", "薛", "叶", "杜", "田", "任", "姜", "范",
    ];

    private static readonly (int Before, string[] Male, string[] Female)[] Generations =
    [
        (1965,
            ["建国", "建华", "国庆", "志强", "德明", "振华", "卫东", "国强", "福海", "长顺", "保国", "树林"],
            ["秀英", "桂英", "玉兰", "淑珍", "凤兰", "秀兰", "桂兰", "玉珍", "素芳", "淑华", "金凤", "秀云"]),
        (1990,
            ["伟", "强", "磊", "军", "勇", "涛", "斌", "刚", "海涛", "建军", "立新", "晓东", "志刚", "鹏", "辉"],
            ["丽", "静", "敏", "燕", "艳", "娟", "霞", "芳", "丽娟", "晓红", "海燕", "红梅", "雪梅", "春燕"]),
        (2005,
            ["浩", "宇", "杰", "鹏飞", "俊杰", "文博", "浩然", "天宇", "家豪", "子豪", "思远", "晨阳", "一鸣"],
            ["婷", "雪", "琳", "倩", "晓彤", "雨萱", "佳琪", "思雨", "梦琪", "欣怡", "诗琪", "雨桐"]),
        (int.MaxValue,
            ["子轩", "浩宇", "宇轩", "梓豪", "俊熙", "沐宸", "奕辰", "睿泽", "子墨", "铭轩", "皓轩", "嘉树"],
            ["梓涵", "一诺", "语桐", "若汐", "可馨", "诗涵", "梓萱", "雨涵", "芷若", "依诺", "安然", "沐晴"]),
    ];

    // About nine in ten residents are Han; the city's larger minorities follow.
    private static readonly (string Name, int Weight)[] Ethnicities =
        [("汉", 920), ("回", 35), ("满", 25), ("蒙古", 10), ("朝鲜", 6), ("土家", 4)];

    public static readonly IReadOnlyList<string> FirmNames =
    [
        "鑫源", "华盛", "宏达", "恒信", "瑞丰", "金桥", "海润", "津邦", "德润", "博远", "天元", "泰和",
        "新港", "渤海", "北洋", "昊天", "润达", "嘉禾", "锦程", "诚泰", "中宏", "永盛", "联创", "汇通",
    ];

    /// <summary>Trades: the firm's name suffix, its business scope, whether it sells food.</summary>
    public static readonly IReadOnlyList<(string Trade, string Scope, bool Food)> Trades =
    [
        ("科技", "技术开发、技术咨询、技术服务;软件开发", false),
        ("商贸", "日用百货、五金交电、建筑材料销售", false),
        ("餐饮管理", "餐饮服务;餐饮管理;食品销售", true),
        ("建筑工程", "建设工程施工;建筑材料销售", false),
        ("物流", "道路货物运输;仓储服务;国内货物运输代理", false),
        ("信息技术", "信息系统集成服务;数据处理服务", false),
        ("食品", "食品销售;食用农产品批发", true),
        ("环保科技", "环保咨询服务;固体废物治理", false),
        ("文化传媒", "广告设计、代理;组织文化艺术交流活动", false),
        ("物业服务", "物业管理;家政服务;停车场服务", false),
    ];

    public static string Surname(Random r) => Surnames[r.Next(Surnames.Length)];

    public static string Given(Random r, string sex, DateOnly born)
    {
        var generation = Generations.First(g => born.Year < g.Before);
        var pool = sex == Sexes.Male ? generation.Male : generation.Female;
        return pool[r.Next(pool.Length)];
    }

    public static string Ethnicity(Random r)
    {
        var roll = r.Next(Ethnicities.Sum(e => e.Weight));
        foreach (var (name, weight) in Ethnicities)
            if ((roll -= weight) < 0)
                return name;
        return "汉";
    }
}

public static class Sexes
{
    public const string Male = "男";
    public const string Female = "女";
}
