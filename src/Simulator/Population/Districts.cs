namespace OneThing.Simulator;

/// <summary>
/// A district of Tianjin: its administrative division code (the first six digits of its residents' numbers and of
/// the credit codes registered there), its name as the department registry spells it, its government service
/// office, and a few of its real streets for made-up addresses.
/// </summary>
public sealed record District(string Code, string Name, string Office, IReadOnlyList<string> Streets)
{
    public static readonly IReadOnlyList<District> All =
    [
        new("120101", "和平区", "district-heping", ["南京路", "滨江道", "成都道", "西康路", "南门外大街"]),
        new("120102", "河东区", "district-hedong", ["十一经路", "津塘路", "六纬路", "卫国道"]),
        new("120103", "河西区", "district-hexi", ["友谊路", "珠江道", "解放南路", "黑牛城道", "围堤道"]),
        new("120104", "南开区", "district-nankai", ["复康路", "鞍山西道", "红旗南路", "长江道", "白堤路"]),
        new("120105", "河北区", "district-hebei", ["中山路", "金钟河大街", "红星路", "狮子林大街"]),
        new("120106", "红桥区", "district-hongqiao", ["丁字沽一号路", "芥园道", "西青道", "咸阳北路"]),
        new("120110", "东丽区", "district-dongli", ["津塘公路", "先锋东路", "跃进路", "东丽大道"]),
        new("120111", "西青区", "district-xiqing", ["中北大道", "柳口路", "津同公路", "李七庄街"]),
        new("120112", "津南区", "district-jinnan", ["津沽公路", "南华路", "微山南路"]),
        new("120113", "北辰区", "district-beichen", ["北辰道", "京津公路", "龙门东路", "辰昌路"]),
        new("120114", "武清区", "district-wuqing", ["雍阳西道", "泉州北路", "强国道"]),
        new("120115", "宝坻区", "district-baodi", ["南关大街", "开元路", "宝平公路", "建设路"]),
        new("120116", "滨海新区", "district-binhai", ["第三大街", "洞庭路", "黄海路", "中心北路", "新港二号路"]),
        new("120117", "宁河区", "district-ninghe", ["光明路", "新华道", "沿河路"]),
        new("120118", "静海区", "district-jinghai", ["胜利大街", "静文路", "迎宾大道"]),
        new("120119", "蓟州区", "district-jizhou", ["渔阳北路", "迎宾大街", "文昌街"]),
    ];

    public static District? ByCode(string? code) => All.FirstOrDefault(d => d.Code == code);

    /// <summary>The district an address or a number lies in: by its name in the text, or by a number's first six
    /// digits.</summary>
    public static District? Of(string? addressOrNumber) =>
        addressOrNumber is null
            ? null
            : All.FirstOrDefault(d => addressOrNumber.Contains(d.Name))
                ?? (addressOrNumber.Length >= 8 ? ByCode(addressOrNumber[..6]) ?? ByCode(addressOrNumber[2..8]) : null);

    /// <summary>天津市公安局南开分局 and the like: who issues its residents' identity cards.</summary>
    public string PoliceBureau => $"天津市公安局{Name.TrimEnd('区').Replace("新", "")}分局";

    public string CivilAffairsBureau => $"天津市{Name}民政局";
}
